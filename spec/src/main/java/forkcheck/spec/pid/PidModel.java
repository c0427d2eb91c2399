package forkcheck.spec.pid;

import forkcheck.spec.Label;
import forkcheck.spec.Model;
import forkcheck.spec.Mutation;
import forkcheck.spec.Spec;
import forkcheck.spec.scenario.ScenarioParser;
import java.util.Arrays;
import java.util.List;

/** The pid allocator: {@code alloc_pidmap} and {@code free_pidmap} of kernel/pid.c, racing. */
public final class PidModel implements Model {
    /** As a scenario's {@code model} line names it; a scenario without that line is one of these. */
    public static final String NAME = "pidmap";

    public static final PidModel INSTANCE = new PidModel();

    private PidModel() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return PidSpec.VERSION;
    }

    @Override
    public Spec build(String source, String text, String mutant) {
        return new PidSpec(ScenarioParser.parse(source, text), Mutant.byId(mutant));
    }

    /** IDLE and RET are where a CPU waits between calls, not steps it takes, so they are no labels. */
    @Override
    public List<Label> labels() {
        return Arrays.stream(PidLabel.values()).filter(l -> !l.function().isEmpty())
                .map(l -> new Label(l.function(), l.name(), l.line(), l.reads(), l.code())).toList();
    }

    @Override
    public List<Mutation> mutants() {
        return Mutant.seeded().stream().map(Mutant::mutation).toList();
    }

    @Override
    public String genericName(String variable) {
        return VarNames.generic(variable);
    }
}
