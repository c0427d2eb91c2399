package forkcheck.checker.z3.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.checker.z3.CertificationException;
import forkcheck.checker.z3.Certifier;
import forkcheck.checker.z3.Corrupt;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Var;
import forkcheck.spec.Models;
import forkcheck.spec.Property;
import forkcheck.spec.fork.ForkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The fork model's Z3 encodings against its Java predicates, state by state. */
class ForkCertifierTest {
    /** Scenarios with a finding: the invariant some of their reachable states violate. */
    private static final Map<String, String> FINDINGS = Map.of("fork-kill-thread", "refcounts-exact",
            "fork-tracer-exit", "ptrace-by-consent", "fork-race-nproc", "user-processes-bounded");

    /** Corrupted states are drawn from fork-tracer-exit's: ptrace links, a zombie, a reap, a finding. */
    private static ForkSpec spec;
    private static Certifier cert;
    private static final List<long[]> reachable = new ArrayList<>();

    @BeforeAll
    static void explore() {
        spec = fork("fork-tracer-exit");
        cert = new Certifier(spec);
        Explorer.explore(spec, keepGoing().withObserver((s, fp) -> reachable.add(s.clone()), 1));
    }

    @AfterAll
    static void close() {
        cert.close();
    }

    private static ForkSpec fork(String scenario) {
        return (ForkSpec) Models.load(scenario, "none");
    }

    private static Options keepGoing() {
        return Options.defaults().withWorkers(1).withKeepGoing(true);
    }

    /** The invariants the Java predicates find {@code s} to violate. */
    private static Set<String> javaViolated(ForkSpec sp, long[] s) {
        Set<String> violated = new TreeSet<>();
        for (Property p : sp.invariants()) {
            if (!p.predicate().test(s)) {
                violated.add(p.name());
            }
        }
        return violated;
    }

    @Test
    void everyInvariantOfTheModelIsEncoded() {
        assertEquals(spec.invariants().stream().map(Property::name).toList(), cert.invariants());
        assertTrue(cert.invariants().size() >= 26, cert.invariants().toString());
    }

    /**
     * Every reachable state certified, violating ones included (the explorer keeps going); of
     * fork-group-exit's 341 and fork-tracer-exit's 740, every state that violates an invariant and
     * every 4th of the others, to keep the test short.
     */
    @TestFactory
    Stream<DynamicTest> z3AgreesWithJavaOnEveryReachableState() {
        return Stream.of("fork-attach", "fork-detach", "fork-group-exit", "fork-kill-thread", "fork-tracer-exit")
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    ForkSpec sp = fork(name);
                    int every = name.equals("fork-tracer-exit") || name.equals("fork-group-exit") ? 4 : 1;
                    Set<String> seen = new TreeSet<>();
                    long[] certified = new long[1];
                    try (Certifier c = new Certifier(sp)) {
                        Result r = Explorer.explore(sp, keepGoing().withObserver((s, fp) -> {
                            Set<String> violated = javaViolated(sp, s);
                            seen.addAll(violated);
                            if (!violated.isEmpty() || certified[0]++ % every == 0) {
                                c.observe(s, fp);
                            }
                        }, 1));
                        assertTrue(r.complete(), name);
                        if (every == 1) {
                            assertEquals(r.stats().distinct(), c.states(), name + ": every distinct state certified");
                        }
                        assertEquals(c.states() * c.invariants().size(), c.queries(), name);
                    }
                    if (FINDINGS.containsKey(name)) {
                        assertTrue(seen.contains(FINDINGS.get(name)), name + " reaches its finding: " + seen);
                    }
                }));
    }

    /**
     * fork-race-nproc has 25,486 states, too many to certify in a unit test: its first 10 states
     * that violate its finding, the first 10 that violate something else, and every 400th of the others.
     */
    @Test
    void z3AgreesWithJavaOnTheViolationsOfALargeScenario() {
        ForkSpec sp = fork("fork-race-nproc");
        int[] seen = new int[4];
        try (Certifier c = new Certifier(sp)) {
            Explorer.explore(sp, keepGoing().withObserver((s, fp) -> {
                Set<String> violated = javaViolated(sp, s);
                boolean sample = violated.contains("user-processes-bounded") ? seen[3]++ < 10
                        : violated.isEmpty() ? seen[0]++ % 400 == 0 : seen[1]++ < 10;
                if (sample) {
                    assertEquals(violated, new TreeSet<>(c.z3Violated(s)));
                    seen[2] += violated.contains("user-processes-bounded") ? 1 : 0;
                }
            }, 1));
        }
        assertTrue(seen[2] > 0, "fork-race-nproc reaches its finding");
    }

    // ---------------------------------------------------------------- corrupted states

    /** A variable set to a value of its range: from one kind (list pointer, count, pid, pc) or any. */
    private record Corruption(int kind, int var, int value) {}

    private static final List<Predicate<String>> KINDS = List.of(
            n -> n.endsWith(".next") || n.endsWith(".prev"),
            n -> n.matches(".*(count|processes|nr_running|nr_threads|usage|live|mm_users|nr_free)"),
            n -> n.matches("task\\d+\\.(pid|tgid|pgrp|session|frame\\.pid)|cpu\\d+\\.pid"),
            n -> n.matches("(task|cpu)\\d+\\.pc"),
            n -> n.matches("task\\d+\\.(parent|real_parent|group_leader|frame\\.p|signal|mm|files|user|used|flags|ptrace)"),
            n -> true);

    private static final Gen<Corruption> CORRUPTIONS = Generate.range(0, KINDS.size() - 1)
            .zip(Generate.range(0, 1 << 20), Generate.range(0, 1 << 20), Corruption::new);

    private static long[] apply(long[] base, Corruption c) {
        long[] s = base.clone();
        List<Var> vars = spec.layout().vars().stream().filter(v -> KINDS.get(c.kind()).test(v.name())).toList();
        Corrupt.apply(vars.get(c.var() % vars.size()), s, c.value());
        return s;
    }

    @Test
    void z3AgreesWithJavaOnRandomlyCorruptedStates() {
        int[] tally = new int[2];
        qt().withExamples(150).forAll(Generate.range(0, reachable.size() - 1), CORRUPTIONS, CORRUPTIONS,
                Generate.range(1, 3)).checkAssert((i, c1, c2, n) -> {
            long[] s = apply(reachable.get(i), c1);
            s = n >= 2 ? apply(s, c2) : s;
            Set<String> java = javaViolated(spec, s);
            assertEquals(java, new TreeSet<>(cert.z3Violated(s)), "corruption " + c1 + (n >= 2 ? ", " + c2 : ""));
            tally[java.isEmpty() ? 0 : 1]++;
        });
        assertTrue(tally[1] > 30 && tally[0] > 10, "both verdicts occur often enough: " + tally[0] + " holding, "
                + tally[1] + " violating");
    }

    /** A pid held twice, a list one pointer short, a count one off, a bad pc: each caught by both. */
    @Test
    void namedCorruptionsAreViolationsForBoth() {
        long[] s = reachable.get(reachable.size() / 2);
        assertTrue(javaViolated(spec, s).isEmpty() || javaViolated(spec, s).equals(Set.of("ptrace-by-consent")));
        List<String> hashed = new ArrayList<>();
        for (int p = 1; p < spec.scenario().slots(); p++) {
            if (field("task" + p + ".pids[PIDTYPE_PID].attached").get(s) == 1) {
                hashed.add("task" + p);
            }
        }
        assertTrue(hashed.size() >= 2, hashed.toString());
        long[] dup = s.clone();
        field(hashed.get(1) + ".pid").set(dup, field(hashed.get(0) + ".pid").get(s));
        assertBothSay(dup, "pid-unique");
        long[] list = s.clone();
        field("task0.tasks.next").set(list, field("task0.tasks.next").get(s) == 0 ? 1 : 0);
        assertBothSay(list, "lists-well-formed");
        long[] count = s.clone();
        field("nr_threads").set(count, field("nr_threads").get(s) + 1);
        assertBothSay(count, "nr-threads-exact");
        long[] stray = s.clone();
        Bitmap bits = (Bitmap) spec.layout().vars().stream().filter(v -> v.name().equals("pidmap_array[0].bits"))
                .findFirst().orElseThrow();
        assertTrue(field("pidmap_array[0].page").get(s) == 1, "page 0 is present");
        int end = Math.min(spec.scenario().pidMax(), bits.size());
        int free = bits.nextClear(s, spec.scenario().reservedPids(), end);
        assertTrue(free < end, "a free pid in page 0");
        bits.set(stray, free);
        assertBothSay(stray, "pidmap-matches-tasks");
    }

    private static void assertBothSay(long[] s, String invariant) {
        assertTrue(javaViolated(spec, s).contains(invariant), invariant + ": Java " + javaViolated(spec, s));
        assertTrue(cert.z3Violated(s).contains(invariant), invariant + ": Z3 " + cert.z3Violated(s));
    }

    private static Field field(String name) {
        return (Field) spec.layout().vars().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------- a wrong Java predicate

    @Test
    void aWrongJavaPredicateIsCaughtNamingPropertyAndState() {
        ForkSpec sp = fork("fork-kill-thread");
        List<Property> wrong = sp.invariants().stream().map(p -> p.name().equals("refcounts-exact")
                ? Property.always(p.name(), p.description(), s -> true) : p).toList();
        try (Certifier c = new Certifier(sp, wrong)) {
            CertificationException e = assertThrows(CertificationException.class,
                    () -> Explorer.explore(sp, keepGoing().withObserver(c, 1)));
            assertTrue(e.getMessage().contains("disagree on refcounts-exact in state "), e.getMessage());
            assertTrue(e.getMessage().contains("Java says it holds, Z3 says it is violated"), e.getMessage());
            assertTrue(e.getMessage().contains("signal1.live = "), e.getMessage());
        }
        List<Property> tooStrict = sp.invariants().stream().map(p -> p.name().equals("lists-well-formed")
                ? Property.always(p.name(), p.description(), s -> false) : p).toList();
        try (Certifier c = new Certifier(sp, tooStrict)) {
            CertificationException e = assertThrows(CertificationException.class,
                    () -> Explorer.explore(sp, keepGoing().withObserver(c, 1)));
            assertTrue(e.getMessage().contains("disagree on lists-well-formed"), e.getMessage());
            assertTrue(e.getMessage().contains("Java says it is violated, Z3 says it holds"), e.getMessage());
        }
    }
}
