package forkcheck.spec;

import forkcheck.spec.fork.ForkModel;
import forkcheck.spec.pid.PidModel;
import forkcheck.spec.scenario.ScenarioException;
import forkcheck.spec.scenario.ScenarioText;
import forkcheck.spec.scenario.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every family of specs the checker knows, and which one a scenario belongs to: its
 * {@code model NAME} line, or {@link #DEFAULT} when it has none (the scenarios written before
 * there was a second family). A family plugs in by one line in {@link #BUILT_IN}.
 */
public final class Models {
    public static final String DEFAULT = PidModel.NAME;

    /** Every family, in the order reports list them; a new one is one line here. */
    private static final List<Model> BUILT_IN = List.of(
            PidModel.INSTANCE,
            ForkModel.INSTANCE);

    /** Models a test plugged in for its own duration; see {@link #plugIn}. */
    private static final List<Model> PLUGGED = new CopyOnWriteArrayList<>();

    private Models() {}

    /** The built-in models, then any plugged in. */
    public static List<Model> all() {
        List<Model> all = new ArrayList<>(BUILT_IN);
        all.addAll(PLUGGED);
        return List.copyOf(all);
    }

    public static Model byName(String name) {
        return find(name).orElseThrow(() -> new BadInputException(unknown(name)));
    }

    /** The model of a scenario, by its {@code model} line; errors name the source and line. */
    public static Model forScenario(String source, String text) {
        ModelLine m = ModelLine.of(source, text);
        return find(m.name()).orElseThrow(() -> new ScenarioException(source, m.line(), "model", unknown(m.name())));
    }

    /** The spec for a scenario (a file or a built-in name) of any model, with a mutant ({@code none}). */
    public static Spec load(String nameOrPath, String mutant) {
        ScenarioText st = Scenarios.text(nameOrPath);
        return forScenario(st.source(), st.text()).build(st.source(), st.text(), mutant);
    }

    /**
     * Adds {@code m} until the returned handle is closed: for a test that checks a model of its
     * own. The registry is global, so a test must not run in parallel with others that list models.
     */
    public static AutoCloseable plugIn(Model m) {
        if (find(m.name()).isPresent()) {
            throw new IllegalArgumentException("a model named " + m.name() + " is already known");
        }
        PLUGGED.add(m);
        return () -> PLUGGED.remove(m);
    }

    private static Optional<Model> find(String name) {
        return all().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    private static String unknown(String name) {
        return "unknown model '" + name + "' (known: " + String.join(", ", all().stream().map(Model::name).toList())
                + ")";
    }
}
