package forkcheck.checker;

import forkcheck.checker.trace.Trace;
import forkcheck.spec.Models;
import forkcheck.spec.Spec;
import forkcheck.spec.scenario.ScenarioText;
import forkcheck.spec.scenario.Scenarios;

/** Builds the spec a command runs: a scenario (file or built-in name) of any model, and a mutant. */
public record SpecLoader(Spec spec, Trace.Provenance provenance) {

    public static SpecLoader load(String scenario, String mutant) {
        return of(Scenarios.text(scenario), mutant);
    }

    /** The spec a trace was recorded against, from the scenario text the trace carries. */
    public static SpecLoader of(Trace t) {
        return of(new ScenarioText(t.scenarioSource(), t.scenarioText()), t.mutant());
    }

    public static SpecLoader of(ScenarioText sc, String mutant) {
        Spec spec = Models.forScenario(sc.source(), sc.text()).build(sc.source(), sc.text(), mutant);
        return new SpecLoader(spec, new Trace.Provenance(spec.scenarioName(), sc.source(), sc.text(), mutant));
    }
}
