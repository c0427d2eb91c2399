package forkcheck.checker;

import forkcheck.checker.trace.Trace;
import forkcheck.spec.pid.Mutant;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Scenario;
import forkcheck.spec.scenario.ScenarioParser;
import forkcheck.spec.scenario.Scenarios;

/** Builds the spec a command runs: a scenario (file or built-in name) and a mutant. */
public record SpecLoader(PidSpec spec, Trace.Provenance provenance) {

    public static SpecLoader load(String scenario, String mutant) {
        return of(Scenarios.load(scenario), Mutant.byId(mutant));
    }

    /** The spec a trace was recorded against, from the scenario text the trace carries. */
    public static SpecLoader of(Trace t) {
        return of(ScenarioParser.parse(t.scenarioSource(), t.scenarioText()), Mutant.byId(t.mutant()));
    }

    public static SpecLoader of(Scenario sc, Mutant m) {
        return new SpecLoader(new PidSpec(sc, m), new Trace.Provenance(sc.name(), sc.source(), sc.text(), m.id()));
    }
}
