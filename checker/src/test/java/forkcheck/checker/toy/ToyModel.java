package forkcheck.checker.toy;

import forkcheck.spec.BadInputException;
import forkcheck.spec.Label;
import forkcheck.spec.Model;
import forkcheck.spec.Models;
import forkcheck.spec.Mutation;
import forkcheck.spec.Spec;
import java.util.Arrays;
import java.util.List;

/**
 * A second family of specs, small enough to read at a glance: CPUs incrementing a shared counter
 * (scenarios {@code toy-race} and {@code toy-locked} in the test resources). The tests plug it in
 * with {@link #plugIn} to show that every command reaches a model through {@link Model} alone.
 */
public final class ToyModel implements Model {
    public static final ToyModel INSTANCE = new ToyModel();
    static final String VERSION = "toy-1";
    static final Mutation DROP_LOCK = new Mutation("drop-lock",
            "inc() without counter_lock: the load and the store of two CPUs interleave", "no-lost-update", "toy-locked");

    private ToyModel() {}

    /** Known to {@link Models} until the handle is closed. */
    public static AutoCloseable plugIn() {
        return Models.plugIn(INSTANCE);
    }

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Spec build(String source, String text, String mutant) {
        ToyScenario sc = ToyScenario.parse(source, text);
        if (!mutant.equals("none") && !mutant.equals(DROP_LOCK.id())) {
            throw new BadInputException("unknown mutant '" + mutant + "' (known: none, " + DROP_LOCK.id() + ")");
        }
        return new ToySpec(sc, mutant.equals(DROP_LOCK.id()));
    }

    @Override
    public List<Label> labels() {
        return Arrays.stream(ToyLabel.values()).filter(l -> l != ToyLabel.DONE).map(ToyLabel::label).toList();
    }

    @Override
    public List<Mutation> mutants() {
        return List.of(DROP_LOCK);
    }

    @Override
    public String genericName(String variable) {
        return variable.replaceAll("^cpu\\d+\\.", "cpu.");
    }
}
