package forkcheck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.spec.pid.PidModel;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.ScenarioException;
import forkcheck.spec.scenario.Scenarios;
import org.junit.jupiter.api.Test;

class ModelsTest {
    @Test
    void aScenarioWithoutAModelLineIsAPidmapScenario() {
        assertSame(PidModel.INSTANCE, Models.forScenario("x", "# no model line\npid_max 16\n"));
        assertSame(PidModel.INSTANCE, Models.forScenario("x", "# model fork (a comment)\n  model   pidmap  # here\n"));
    }

    @Test
    void anUnknownModelNamesTheFileLineAndTheKnownModels() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> Models.forScenario("my.scenario", "# first\n\nmodel nosuch\npid_max 16\n"));
        assertEquals("my.scenario:3: model: unknown model 'nosuch' (known: pidmap, fork)", e.getMessage());
        e = assertThrows(ScenarioException.class, () -> Models.forScenario("my.scenario", "model\n"));
        assertTrue(e.getMessage().startsWith("my.scenario:1: model: expected one model name"), e.getMessage());
        BadInputException b = assertThrows(BadInputException.class, () -> Models.byName("nosuch"));
        assertEquals("unknown model 'nosuch' (known: pidmap, fork)", b.getMessage());
    }

    @Test
    void loadBuildsABuiltInScenarioWithAMutant() {
        Spec s = Models.load(Scenarios.DEFAULT, "drop-atomic-dec");
        assertSame(PidModel.INSTANCE, s.model());
        assertEquals(Scenarios.DEFAULT, s.scenarioName());
        assertEquals(PidSpec.VERSION, s.model().version());
        BadInputException e = assertThrows(BadInputException.class, () -> Models.load(Scenarios.DEFAULT, "nosuch"));
        assertTrue(e.getMessage().startsWith("unknown mutant 'nosuch'"), e.getMessage());
    }

    @Test
    void thePidmapModelShowsItsStepsAndMutants() {
        Model m = Models.byName("pidmap");
        assertTrue(m.labels().stream().noneMatch(l -> l.function().isEmpty()), "IDLE and RET are no steps");
        assertEquals("pid.c:109", m.labels().stream().filter(l -> l.name().equals("TEST_AND_SET_BIT")).findFirst()
                .orElseThrow().line());
        assertTrue(m.mutants().stream().anyMatch(x -> x.id().equals("drop-atomic-dec") && x.scenario().equals("pidrace-2x2")));
        assertEquals("cpu.rK", m.genericName("cpu1.r2"));
    }

    @Test
    void aPluggedInModelIsKnownUntilClosed() throws Exception {
        Model other = new Model() {
            public String name() { return "other"; }
            public String version() { return "other-1"; }
            public Spec build(String source, String text, String mutant) { throw new UnsupportedOperationException(); }
            public java.util.List<Label> labels() { return java.util.List.of(); }
            public java.util.List<Mutation> mutants() { return java.util.List.of(); }
            public String genericName(String variable) { return variable; }
        };
        try (AutoCloseable plugged = Models.plugIn(other)) {
            assertSame(other, Models.forScenario("x", "model other\n"));
            assertThrows(IllegalArgumentException.class, () -> Models.plugIn(other));
        }
        assertThrows(ScenarioException.class, () -> Models.forScenario("x", "model other\n"));
    }
}
