package forkcheck.checker.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.checker.engine.Verdict;
import forkcheck.spec.Models;
import forkcheck.spec.Spec;
import forkcheck.spec.fork.ForkFix;
import forkcheck.spec.fork.ForkModel;
import forkcheck.spec.scenario.ScenarioText;
import forkcheck.spec.scenario.Scenarios;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every built-in fork scenario, explored to the end: each invariant holds and each
 * sometimes-property is reached, except the findings, which break exactly the property they are
 * about; and each finding's minimal fix makes that property hold on the same scenario.
 */
class ForkScenariosTest {
    /** The findings: scenario, the property the 2.6.11 code breaks on it. */
    static final Map<String, String> FINDINGS = Map.of(
            "fork-race-threads", "nr-threads-bounded",
            "fork-race-nproc", "user-processes-bounded",
            "fork-kill-thread", "refcounts-exact",
            "fork-tracer-exit", "ptrace-by-consent");

    static Result explore(Spec spec) {
        return Explorer.explore(spec, Options.defaults().withWorkers(2).withKeepGoing(true));
    }

    @TestFactory
    Stream<DynamicTest> everyBuiltInForkScenarioHoldsButForItsFinding() {
        List<String> fork = Scenarios.builtinsOf(ForkModel.INSTANCE.name());
        assertTrue(fork.size() >= 19, "fork scenarios: " + fork);
        return fork.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Spec spec = Models.load(name, "none");
            Result r = explore(spec);
            assertTrue(r.complete(), name + " was not explored to the end");
            String finding = FINDINGS.get(name);
            for (Verdict v : r.verdicts()) {
                String p = v.property().name();
                Verdict.Status expected = p.equals(finding) ? Verdict.Status.VIOLATED
                        : v.property().kind() == forkcheck.spec.Property.Kind.ALWAYS ? Verdict.Status.HOLDS
                        : Verdict.Status.REACHED;
                assertEquals(expected, v.status(), name + ": " + p);
            }
            assertEquals(finding == null ? 0 : 1, r.exitCode(), name);
        }));
    }

    @ParameterizedTest
    @EnumSource(ForkFix.class)
    void eachFixMakesItsFindingsPropertyHold(ForkFix fix) {
        List<String> scenarios = FINDINGS.entrySet().stream().filter(e -> e.getValue().equals(fix.makesHold()))
                .map(Map.Entry::getKey).sorted().toList();
        assertFalse(scenarios.isEmpty(), "no finding for " + fix.id());
        scenarios.forEach(scenario -> holdsWith(fix, scenario));
    }

    private static void holdsWith(ForkFix fix, String scenario) {
        ScenarioText st = Scenarios.text(scenario);
        String fixed = st.text().replaceFirst("(?m)^properties", "fixes          " + fix.id() + "\nproperties");
        assertFalse(fixed.equals(st.text()), "no properties line in " + scenario);
        Spec spec = ForkModel.INSTANCE.build(st.source() + " (fixed)", fixed, "none");
        Result r = explore(spec);
        assertTrue(r.complete());
        for (Verdict v : r.verdicts()) {
            assertTrue(v.status() == Verdict.Status.HOLDS || v.status() == Verdict.Status.REACHED,
                    scenario + " with " + fix.id() + ": " + v.property().name() + " " + v.status());
        }
    }
}
