package forkcheck.checker.z3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.model.Field;
import forkcheck.model.Var;
import forkcheck.spec.Property;
import forkcheck.spec.pid.Mutant;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Scenarios;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The Z3 encodings of the invariants against the Java predicates, state by state. */
class CertifierTest {
    private static PidSpec spec;
    private static Certifier cert;
    private static final List<long[]> reachable = new ArrayList<>();

    @BeforeAll
    static void explore() {
        // free-race has every invariant selected, a finding (a state violating one), a literal free and
        // a free of a result, so its states exercise every clause of the encodings.
        spec = new PidSpec(Scenarios.builtin("free-race"));
        cert = new Certifier(spec);
        Explorer.explore(spec, Options.defaults().withWorkers(1).withKeepGoing(true)
                .withObserver((s, fp) -> reachable.add(s.clone()), 1));
    }

    @AfterAll
    static void close() {
        cert.close();
    }

    @Test
    void z3AgreesWithJavaOnEveryReachableStateOfSmallScenarios() {
        for (String name : List.of("free-race", "last-pid-free", "pidrace-2x2", "wrap")) {
            PidSpec sp = new PidSpec(Scenarios.builtin(name));
            try (Certifier c = new Certifier(sp)) {
                Result r = Explorer.explore(sp, Options.defaults().withWorkers(1).withKeepGoing(true).withObserver(c, 1));
                assertEquals(r.stats().distinct(), c.states(), name + ": every distinct state certified");
                assertEquals(c.states() * c.invariants().size(), c.queries(), name);
            }
        }
    }

    @Test
    void aViolatingStateIsViolatedForZ3Too() {
        PidSpec sp = new PidSpec(Scenarios.builtin("pidrace-2x2"), Mutant.DROP_ATOMIC_DEC);
        try (Certifier c = new Certifier(sp)) {
            Result r = Explorer.explore(sp, Options.defaults().withWorkers(1).withObserver(c, 1));
            assertTrue(r.verdicts().stream().anyMatch(v -> v.property().name().equals("nr-free-exact")
                    && v.status() == forkcheck.checker.engine.Verdict.Status.VIOLATED));
        }
    }

    @Test
    void everyKthStateOnly() {
        PidSpec sp = new PidSpec(Scenarios.builtin("free-race"));
        try (Certifier c = new Certifier(sp)) {
            Result r = Explorer.explore(sp, Options.defaults().withWorkers(1).withKeepGoing(true).withObserver(c, 7));
            assertEquals((r.stats().distinct() + 6) / 7, c.states());
        }
    }

    @Test
    void aDisagreementFailsLoudlyNamingStateAndProperty() {
        // A Java predicate wrong on purpose: nr-free-exact "always holds". The mutant breaks the
        // real property, so Z3 must disagree on the first state that breaks it.
        PidSpec sp = new PidSpec(Scenarios.builtin("pidrace-2x2"), Mutant.DROP_ATOMIC_DEC);
        List<Property> wrong = sp.properties().stream()
                .map(p -> p.name().equals("nr-free-exact") ? Property.always(p.name(), p.description(), s -> true) : p)
                .toList();
        try (Certifier c = new Certifier(sp, wrong)) {
            CertificationException e = assertThrows(CertificationException.class, () -> Explorer.explore(sp,
                    Options.defaults().withWorkers(1).withKeepGoing(true).withObserver(c, 1)));
            assertTrue(e.getMessage().contains("disagree on nr-free-exact in state "), e.getMessage());
            assertTrue(e.getMessage().contains("Java says it holds, Z3 says it is violated"), e.getMessage());
            assertTrue(e.getMessage().contains("pidmap_array[0].nr_free = "), e.getMessage());
        }
    }

    private static Field field(String name) {
        for (Var v : spec.layout().vars()) {
            if (v.name().equals(name) && v instanceof Field f) {
                return f;
            }
        }
        throw new AssertionError(name);
    }

    /** One random corruption of a reachable state: a field set to any value in its range, or a bit flipped. */
    private record Corruption(int state, int var, int value) {}

    private static final Gen<Corruption> CORRUPTIONS = Generate.range(0, 1 << 20).zip(Generate.range(0, 1 << 20),
            Generate.range(0, 1 << 20), (a, b, c) -> new Corruption(a, b, c));

    private static long[] apply(long[] base, Corruption c) {
        long[] s = base.clone();
        List<Var> vars = spec.layout().vars();
        Corrupt.apply(vars.get(c.var() % vars.size()), s, c.value());
        return s;
    }

    @Test
    void z3AgreesWithJavaOnRandomlyCorruptedStates() {
        int[] violated = new int[1];
        qt().withExamples(1500).forAll(CORRUPTIONS, CORRUPTIONS).checkAssert((c1, c2) -> {
            long[] s = apply(apply(reachable.get(c1.state() % reachable.size()), c1), c2);
            for (String inv : cert.invariants()) {
                boolean java = javaHolds(inv, s);
                assertEquals(!java, cert.z3Violates(s, inv), inv);
                violated[0] += java ? 0 : 1;
            }
        });
        assertTrue(violated[0] > 100, "the corruptions break invariants often enough to test both answers: " + violated[0]);
    }

    @Test
    void wrongNrFreeAndDuplicatedPidAreViolationsForBoth() {
        qt().withExamples(300).forAll(Generate.range(0, reachable.size() - 1), Generate.range(-3, 3))
                .assuming((i, d) -> d != 0).checkAssert((i, d) -> {
            long[] s = reachable.get(i).clone();
            Field nrFree = field("pidmap_array[0].nr_free");
            int v = nrFree.get(s) + d;
            if (v < nrFree.min() || v > nrFree.max()) {
                return;
            }
            boolean before = javaHolds("nr-free-exact", s);
            nrFree.set(s, v);
            if (before) {
                assertTrue(!javaHolds("nr-free-exact", s) && cert.z3Violates(s, "nr-free-exact"));
            }
        });
        // A pid held twice: cpu 0's first result set to a pid taken at the start and never freed (1).
        int dup = 0;
        for (long[] r : reachable) {
            long[] s = r.clone();
            Field r1 = field("cpu0.r1");
            Field op = field("cpu0.op");
            if (op.get(s) >= 1) {
                r1.set(s, 1);
                assertTrue(!javaHolds("pid-unique", s) && cert.z3Violates(s, "pid-unique"));
                dup++;
            }
        }
        assertTrue(dup > 10);
    }

    private static boolean javaHolds(String inv, long[] s) {
        for (Property p : spec.properties()) {
            if (p.name().equals(inv)) {
                return p.predicate().test(s);
            }
        }
        throw new AssertionError(inv);
    }
}
