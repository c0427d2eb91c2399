package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Model;
import com.microsoft.z3.Solver;
import forkcheck.checker.z3.StateTerms;
import forkcheck.checker.z3.prove.AuxInvariant;
import forkcheck.checker.z3.prove.SymState;
import forkcheck.model.Layout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    /** The state variables each candidate reads, by {@link Column#reads}. */
    private final List<List<String>> reads = new ArrayList<>();
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
            reads.add(candidates.get(i).reads());
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

    /**
     * The standing candidates that a step writing only {@code writes} may break, in chunks of at
     * most {@code size}: one none of whose columns it writes reads the same after the step as
     * before it, where it is assumed, and is left out.
     */
    List<int[]> touched(Set<String> writes, int size) {
        int[] all = alive.stream().filter(i -> reads.get(i).stream().anyMatch(writes::contains)).toArray();
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < all.length; from += size) {
            out.add(Arrays.copyOfRange(all, from, Math.min(all.length, from + size)));
        }
        return out;
    }

    /** Some candidate of {@code chunk} still standing is false in the post-state. */
    BoolExpr broken(int[] chunk) {
        return ctx.mkOr(Arrays.stream(chunk).filter(alive::get).mapToObj(i -> ctx.mkNot(after[i])).toArray(BoolExpr[]::new));
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

    /** The standing candidates that give their columns one value in every state. */
    BitSet pins() {
        BitSet pins = new BitSet();
        alive.stream().filter(i -> candidates.get(i).guard() == null && candidates.get(i).keys().length == 1)
                .forEach(pins::set);
        return pins;
    }

    /** {@code pre} with the columns the candidates {@code pins} fix replaced by their values. */
    SymState pinned(SymState pre, BitSet pins) {
        Map<String, Integer> fields = new HashMap<>();
        Map<String, Boolean> bits = new HashMap<>();
        pins.stream().mapToObj(candidates::get).forEach(m -> {
            int[] v = m.tuple().values(m.keys()[0]);
            for (int i = 0; i < v.length; i++) {
                m.tuple().columns().get(i).pin(v[i], fields, bits);
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
        return holds(alive);
    }

    /** Every candidate of {@code some}, standing or not, of the pre-state. */
    BoolExpr holds(BitSet some) {
        return ctx.mkAnd(some.stream().mapToObj(i -> before[i]).toArray(BoolExpr[]::new));
    }

    /** How many candidates it started from. */
    int mined() {
        return candidates.size();
    }

    int size() {
        return alive.cardinality();
    }

    /** Each standing candidate, described, with its formula of the pre-state. */
    List<AuxInvariant> auxiliary(Layout layout) {
        return alive.stream()
                .mapToObj(i -> new AuxInvariant(candidates.get(i).describe(layout), "mined from the reachable states", before[i]))
                .toList();
    }

    List<Mined> kept() {
        return alive.stream().mapToObj(candidates::get).toList();
    }
}
