package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Model;
import com.microsoft.z3.Solver;
import forkcheck.checker.z3.StateTerms;
import forkcheck.checker.z3.prove.SymState;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The candidates still standing in Houdini's pruning (Flanagan and Leino, 2001): each is assumed
 * of the pre-state behind an indicator, and a step whose post-state breaks one drops it, until no
 * step of any row breaks any. What is left is inductive together with what the pre-state is
 * otherwise assumed to satisfy: the largest such subset of the candidates.
 */
final class Houdini {
    private final Context ctx;
    private final List<Mined> candidates;
    private final BoolExpr[] before;
    private final BoolExpr[] after;
    private final BoolExpr[] indicators;
    private final BitSet alive = new BitSet();

    Houdini(Context ctx, List<Mined> candidates, StateTerms pre, StateTerms post) {
        this.ctx = ctx;
        this.candidates = List.copyOf(candidates);
        int n = candidates.size();
        before = new BoolExpr[n];
        after = new BoolExpr[n];
        indicators = new BoolExpr[n];
        for (int i = 0; i < n; i++) {
            before[i] = candidates.get(i).formula(ctx, pre);
            after[i] = candidates.get(i).formula(ctx, post);
            indicators[i] = ctx.mkBoolConst("mined:" + i);
        }
        alive.set(0, n);
    }

    /** Each candidate of the pre-state, behind its indicator. */
    void assumeOn(Solver solver) {
        for (int i = 0; i < before.length; i++) {
            solver.add(ctx.mkImplies(indicators[i], before[i]));
        }
    }

    /** The indicators of the candidates still standing. */
    List<BoolExpr> standing() {
        List<BoolExpr> out = new ArrayList<>();
        alive.stream().forEach(i -> out.add(indicators[i]));
        return out;
    }

    /** Some standing candidate false in the post-state. */
    BoolExpr broken() {
        return ctx.mkOr(alive.stream().mapToObj(i -> ctx.mkNot(after[i])).toArray(BoolExpr[]::new));
    }

    /** Drops every standing candidate the model's post-state breaks; how many. */
    int drop(Model m) {
        int dropped = 0;
        for (int i = alive.nextSetBit(0); i >= 0; i = alive.nextSetBit(i + 1)) {
            if (m.eval(after[i], true).isFalse()) {
                alive.clear(i);
                dropped++;
            }
        }
        return dropped;
    }

    /** The standing candidates that give a column one value in every state. */
    BitSet pins() {
        BitSet pins = new BitSet();
        alive.stream().filter(i -> candidates.get(i).guard() == null && candidates.get(i).values().length == 1)
                .forEach(pins::set);
        return pins;
    }

    /** {@code pre} with the columns the candidates {@code pins} fix replaced by their values. */
    SymState pinned(SymState pre, BitSet pins) {
        Map<String, Integer> fields = new HashMap<>();
        Map<String, Boolean> bits = new HashMap<>();
        pins.stream().mapToObj(candidates::get).forEach(m -> {
            if (m.column().field() != null) {
                fields.put(m.column().name(), m.values()[0]);
            } else {
                bits.put(m.column().name(), m.values()[0] != 0);
            }
        });
        return pre.pinned(fields, bits);
    }

    /** Whether every candidate of {@code some} still stands. */
    boolean stand(BitSet some) {
        BitSet gone = (BitSet) some.clone();
        gone.andNot(alive);
        return gone.isEmpty();
    }

    /** Drops every standing candidate false in the concrete state {@code s} (Houdini's first cut: the initial state). */
    void dropFalse(long[] s) {
        for (int i = alive.nextSetBit(0); i >= 0; i = alive.nextSetBit(i + 1)) {
            if (!candidates.get(i).holds(s)) {
                alive.clear(i);
            }
        }
    }

    /** Whether every standing candidate holds in the concrete state {@code s}. */
    boolean holdsOn(long[] s) {
        return alive.stream().allMatch(i -> candidates.get(i).holds(s));
    }

    /** Every standing candidate, of the pre-state. */
    BoolExpr holds() {
        return ctx.mkAnd(alive.stream().mapToObj(i -> before[i]).toArray(BoolExpr[]::new));
    }

    /** How many candidates it started from. */
    int mined() {
        return candidates.size();
    }

    int size() {
        return alive.cardinality();
    }

    List<Mined> kept() {
        return alive.stream().mapToObj(candidates::get).toList();
    }
}
