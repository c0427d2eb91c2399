package forkcheck.checker.z3.prove.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import forkcheck.checker.z3.prove.Outcome;
import forkcheck.checker.z3.prove.ReachableStates;
import forkcheck.checker.z3.prove.SymState;
import forkcheck.spec.Models;
import forkcheck.spec.fork.ForkSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The auxiliary invariants the fork prover mines from the reachable states and prunes with Houdini. */
class MinedInvariantsTest {
    private static final long SEED = 20261129L;

    /**
     * What the miner reads off the reachable states is true of each of them, and each
     * candidate's formula says what its Java test does, on a quarter of the reachable states and
     * on states with columns set at random.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fork-detach", "fork-migrate"})
    void eachCandidateIsTrueOfEveryReachableStateAndItsFormulaIsItsTest(String scenario) {
        ForkSpec spec = (ForkSpec) Models.load(scenario, "none");
        List<long[]> reachable = new ReachableStates(spec).states();
        List<Mined> mined = Miner.mine(spec.layout(), reachable, true);
        assertTrue(mined.size() > 100, "only " + mined.size() + " candidates");
        Set<Class<?>> kinds = new HashSet<>();
        mined.forEach(m -> m.tuple().columns().forEach(c -> kinds.add(c.getClass())));
        assertEquals(Set.of(Column.Value.class, Column.Equals.class, Column.Same.class, Column.Bit.class, Column.PidBit.class, Column.Deref.class,
                Column.Pointee.class), kinds, "every kind of column, for the comparisons below to compare");
        List<Column> columns = Mined.columns(spec.layout());
        Random random = new Random(SEED);
        List<long[]> corrupted = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long[] s = reachable.get(random.nextInt(reachable.size())).clone();
            for (int j = 0; j < 3; j++) {
                Column c = columns.get(random.nextInt(columns.size()));
                set(c, s, c.min() + random.nextInt(c.max() - c.min() + 1));
            }
            corrupted.add(s);
        }
        int broken = 0;
        try (Context ctx = new Context()) {
            for (int i = 0; i < reachable.size(); i++) {
                long[] s = reachable.get(i);
                for (Mined m : mined) {
                    assertTrue(m.holds(s), m.describe(spec.layout()));
                }
                // the formula on every fourth: the corrupted states below are where it can differ
                if (i % 4 == 0) {
                    SymState at = SymState.of(ctx, spec.layout(), s);
                    for (Mined m : mined) {
                        assertTrue(m.formula(ctx, at).simplify().isTrue(), m.describe(spec.layout()));
                    }
                }
            }
            for (long[] s : corrupted) {
                SymState at = SymState.of(ctx, spec.layout(), s);
                for (Mined m : mined) {
                    BoolExpr f = (BoolExpr) m.formula(ctx, at).simplify();
                    assertEquals(m.holds(s), f.isTrue(), m.describe(spec.layout()));
                    broken += m.holds(s) ? 0 : 1;
                }
            }
        }
        assertTrue(broken > 0, "no corrupted state breaks a candidate: the comparison compares nothing");
    }

    /**
     * Candidates read off the initial state alone (every column keeps its initial value): the
     * first steps break many of them, from a state where every candidate and invariant holds.
     * Houdini, over the rows of those steps, must drop every candidate a first step breaks: all
     * of them together, and the tasks' control states among candidates no first step breaks,
     * where no other candidate's model drops them along with its own. Each drop is explained: its
     * row, and the candidates it breaks.
     */
    @Test
    void houdiniDropsEveryCandidateAStepBreaks() {
        ForkSpec spec = (ForkSpec) Models.load("fork-kill", "none");
        long[] s0 = spec.layout().newState();
        spec.init(s0);
        List<Mined> fromInit = Miner.mine(spec.layout(), List.of(s0), true);
        RowOf rowOf = new RowOf(spec);
        List<String> rows = new ArrayList<>();
        List<long[]> successors = new ArrayList<>();
        for (int a = 0; a < spec.actionCount(); a++) {
            if (spec.enabled(s0, a)) {
                long[] t = spec.layout().newState();
                spec.step(s0, a, t);
                successors.add(t);
                String row = rowOf.of(s0, a).name();
                if (!rows.contains(row)) {
                    rows.add(row);
                }
            }
        }
        // the tasks' control states, and the others no first step breaks (they keep the steps small)
        List<Mined> controls = fromInit.stream()
                .filter(m -> m.tuple().columns().size() > 1 || successors.stream().allMatch(m::holds)).toList();
        for (List<Mined> candidates : List.of(fromInit, controls)) {
            long broken = candidates.stream().filter(m -> successors.stream().anyMatch(t -> !m.holds(t))).count();
            assertTrue(broken > 0, "no first step breaks a candidate: the test tests nothing");
            try (ForkProver p = new ForkProver(spec, candidates)) {
                List<String> drops = new ArrayList<>();
                p.explainDrops(drops::add);
                List<Outcome> os = p.prove(rows, List.of(), 60_000);
                assertFalse(drops.isEmpty(), "no drop explained");
                for (String d : drops) {
                    assertTrue(rows.stream().anyMatch(r -> d.startsWith("drop at " + r + "\n")) && d.contains("\n  breaks "), d);
                }
                os.forEach(o -> assertEquals(Outcome.Status.PROVED, o.status(), o.obligation() + ": " + o.reason()));
                assertEquals(rows.size(), os.size(), "one obligation per row: the candidates kept");
                for (Mined m : p.kept()) {
                    for (long[] t : successors) {
                        assertTrue(m.holds(t), "Houdini kept " + m.describe(spec.layout()) + ", which a first step breaks");
                    }
                }
                assertTrue(p.kept().size() <= candidates.size() - broken);
            }
        }
    }

    /** Sets a column of the layout ({@link Mined#columns}: a field or a bit) to {@code v}. */
    private static void set(Column c, long[] s, int v) {
        if (c instanceof Column.Value f) {
            f.field().set(s, v);
        } else if (c instanceof Column.Bit b && v != 0) {
            b.bitmap().set(s, b.at());
        } else if (c instanceof Column.Bit b) {
            b.bitmap().clear(s, b.at());
        }
    }
}
