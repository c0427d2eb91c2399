package forkcheck.checker.trace;

import forkcheck.checker.SpecLoader;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Fingerprint;
import forkcheck.model.Var;
import forkcheck.spec.BadInputException;
import forkcheck.spec.Model;
import forkcheck.spec.Models;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.StepInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Re-executes a recorded trace against the spec as it is now, so that a committed counterexample
 * keeps meaning what it says: a change to the spec that alters any step, or makes the last state
 * stop violating the property, shows up as the first step at which the two part ways.
 *
 * <p>A trace that cannot be replayed at all (unreadable, another spec version, a property or
 * mutant this spec does not have) is a {@link TraceFormatException}; a trace that replays but
 * disagrees with the spec is an {@link Outcome} that is not {@link Outcome#ok() ok}.
 */
public final class Replayer {
    private static final int SHOWN_CHANGES = 12;

    private final String source;
    private final Trace trace;
    private final Spec spec;
    private final List<TraceStep> agreed = new ArrayList<>();
    private long[] cur;
    private long[] next;

    private Replayer(String source, Trace trace, Spec spec) {
        this.source = source;
        this.trace = trace;
        this.spec = spec;
        this.cur = spec.layout().newState();
        this.next = spec.layout().newState();
    }

    /**
     * What a replay found. {@code step} is the step at which the trace diverged (0: the initial
     * state), or the trace's length when it replayed; {@code replayed} holds the steps the spec
     * agreed with, as the spec itself describes them.
     */
    public record Outcome(boolean ok, int step, String message, Trace replayed) {}

    /** Reads {@code file} and replays it; errors name the file. */
    public static Outcome replay(Path file) {
        return replay(file.toString(), TraceJson.read(file));
    }

    /** Replays {@code t} against the spec built from the scenario and mutant it carries. */
    public static Outcome replay(String source, Trace t) {
        return replay(source, t, specFor(source, t));
    }

    /**
     * The spec {@code t} was recorded against, built from the scenario and mutant it carries.
     *
     * @throws TraceFormatException if it was recorded under another spec version, or they do not load
     */
    public static Spec specFor(String source, Trace t) {
        Model model = loading(source, () -> Models.forScenario(t.scenarioSource(), t.scenarioText()));
        // Before building: a trace from another version may carry a scenario this version rejects.
        requireVersion(source, t, model.version());
        return loading(source, () -> SpecLoader.of(t).spec());
    }

    /** Replays {@code t} against {@code spec}. */
    public static Outcome replay(String source, Trace t, Spec spec) {
        requireVersion(source, t, spec.version());
        return new Replayer(source, t, spec).run();
    }

    private static void requireVersion(String source, Trace t, String version) {
        if (!t.specVersion().equals(version)) {
            throw new TraceFormatException(source + ": recorded under spec version " + t.specVersion()
                    + ", but this forkcheck's spec is version " + version + "; re-run the check to record it again");
        }
    }

    private static <T> T loading(String source, Supplier<T> load) {
        try {
            return load.get();
        } catch (BadInputException e) {
            throw new TraceFormatException(source + ": the scenario and mutant it carries do not load: "
                    + e.getMessage(), e);
        }
    }

    private Outcome run() {
        Property property = property();
        spec.init(cur);
        String problem = checkInitial();
        if (problem != null) {
            return diverged(0, "at the initial state", problem);
        }
        for (TraceStep st : trace.steps()) {
            problem = takeStep(st);
            if (problem != null) {
                return diverged(st.index(), "at step " + st.index(), problem);
            }
        }
        int last = trace.steps().size();
        problem = checkFinal(property);
        if (problem != null) {
            return diverged(last, "after step " + last + ", the last", problem);
        }
        return new Outcome(true, last, "the final state " + verb(property) + " " + property.name(), replayed());
    }

    /** The property the trace ends in; the explorer's own deadlock check counts as one. */
    private Property property() {
        if (trace.property().equals(Explorer.DEADLOCK_FREE.name())) {
            return Explorer.DEADLOCK_FREE;
        }
        for (Property p : spec.properties()) {
            if (p.name().equals(trace.property())) {
                return p;
            }
        }
        throw new TraceFormatException(source + ": the trace is of property '" + trace.property()
                + "', which the spec does not check for scenario " + trace.scenario() + " (it checks: "
                + spec.properties().stream().map(Property::name).collect(Collectors.joining(", ")) + ")");
    }

    private String checkInitial() {
        long fp = Fingerprint.of(cur);
        String differs = firstInitialDifference();
        if (fp != trace.initialFingerprint()) {
            return "fingerprint differs: trace says " + TraceJson.hex(trace.initialFingerprint()) + ", spec gives "
                    + TraceJson.hex(fp) + (differs == null ? "" : "; first difference: " + differs);
        }
        return differs == null ? null : "the recorded values differ from the spec's: " + differs;
    }

    private String firstInitialDifference() {
        Map<String, String> recorded = new LinkedHashMap<>();
        trace.initial().forEach(c -> recorded.put(c.var(), c.after()));
        for (Var v : spec.layout().vars()) {
            String r = recorded.remove(v.name());
            if (!v.show(cur).equals(r)) {
                return v.name() + ": trace says " + (r == null ? "nothing" : r) + ", spec gives " + v.show(cur);
            }
        }
        return recorded.isEmpty() ? null : noSuchVariable(recorded.keySet().iterator().next());
    }

    /** Takes the trace's step {@code st} in the spec; a description of the disagreement, or null. */
    private String takeStep(TraceStep st) {
        int a = st.action();
        if (a < 0 || a >= spec.actionCount()) {
            return "action " + a + " does not exist (the spec has actions 0.." + (spec.actionCount() - 1) + ")";
        }
        if (!spec.enabled(cur, a)) {
            return "action " + a + " (" + show(st.info()) + ") is not enabled; enabled are: " + enabledActions();
        }
        StepInfo info = spec.describe(cur, a);
        if (!sameStep(st.info(), info)) {
            return "trace says action " + a + " is " + show(st.info()) + ", spec says " + show(info);
        }
        spec.step(cur, a, next);
        List<Change> changes = Trace.diff(spec, cur, next);
        long fp = Fingerprint.of(next);
        String differs = firstDifference(st.changes(), changes, cur);
        if (fp != st.fingerprint()) {
            return "fingerprint differs: trace says " + TraceJson.hex(st.fingerprint()) + ", spec gives "
                    + TraceJson.hex(fp) + "; the spec's step changed " + show(changes)
                    + (differs == null ? "" : "; first difference from the trace's record: " + differs);
        }
        if (differs != null) {
            return "the recorded changes differ from the spec's: " + differs;
        }
        agreed.add(new TraceStep(st.index(), a, info, changes, fp));
        long[] t = cur;
        cur = next;
        next = t;
        return null;
    }

    private static boolean sameStep(StepInfo recorded, StepInfo actual) {
        return recorded.cpu() == actual.cpu() && recorded.function().equals(actual.function())
                && recorded.label().equals(actual.label()) && recorded.fault() == actual.fault();
    }

    private String checkFinal(Property p) {
        if (p == Explorer.DEADLOCK_FREE) {
            if (spec.isFinal(cur)) {
                return "every CPU has finished, which is no deadlock";
            }
            String enabled = enabledActions();
            return enabled.equals("none") ? null : "the final state is no deadlock: enabled are " + enabled;
        }
        boolean holds = p.predicate().test(cur);
        if (p.kind() == Property.Kind.ALWAYS && holds) {
            return "the final state does not violate " + p.name() + " (" + p.description() + ")";
        }
        if (p.kind() == Property.Kind.SOMETIMES && !holds) {
            return "the final state does not reach " + p.name() + " (" + p.description() + ")";
        }
        return null;
    }

    private static String verb(Property p) {
        return p.kind() == Property.Kind.ALWAYS ? "violates" : "reaches";
    }

    private Outcome diverged(int step, String where, String problem) {
        return new Outcome(false, step, source + ": diverged " + where + ": " + problem, replayed());
    }

    private Trace replayed() {
        List<Change> initial = new ArrayList<>();
        long[] s0 = spec.layout().newState();
        spec.init(s0);
        for (Var v : spec.layout().vars()) {
            initial.add(new Change(v.name(), "", v.show(s0)));
        }
        return new Trace(spec.version(), trace.scenario(), trace.scenarioSource(), trace.scenarioText(),
                trace.mutant(), trace.property(), List.copyOf(initial), Fingerprint.of(s0), List.copyOf(agreed));
    }

    private String enabledActions() {
        List<String> out = new ArrayList<>();
        for (int a = 0; a < spec.actionCount(); a++) {
            if (spec.enabled(cur, a)) {
                out.add("action " + a + " (" + show(spec.describe(cur, a)) + ")");
            }
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static String show(StepInfo i) {
        return "cpu" + i.cpu() + " " + i.function() + " " + i.label() + (i.fault() ? " [fault injected]" : "");
    }

    private static String show(List<Change> changes) {
        if (changes.isEmpty()) {
            return "nothing";
        }
        String shown = changes.stream().limit(SHOWN_CHANGES).map(c -> c.var() + ": " + c.before() + " -> " + c.after())
                .collect(Collectors.joining(", "));
        return shown + (changes.size() > SHOWN_CHANGES ? ", ... (" + changes.size() + " in all)" : "");
    }

    /**
     * The first variable, in the layout's order, on which the recorded changes and the spec's
     * disagree; a variable the spec does not have comes last. Null if they agree.
     */
    private String firstDifference(List<Change> recorded, List<Change> actual, long[] before) {
        Map<String, Change> rec = byVar(recorded);
        Map<String, Change> act = byVar(actual);
        for (Var v : spec.layout().vars()) {
            Change r = rec.remove(v.name());
            Change a = act.get(v.name());
            if (r == null && a == null || r != null && r.equals(a)) {
                continue;
            }
            return v.name() + ": trace says " + (r == null ? "unchanged" : r.before() + " -> " + r.after())
                    + ", spec gives " + (a == null ? "unchanged (" + v.show(before) + ")" : a.before() + " -> " + a.after());
        }
        return rec.isEmpty() ? null : noSuchVariable(rec.keySet().iterator().next());
    }

    private static String noSuchVariable(String var) {
        return var + ": the trace records it, but the spec has no such variable";
    }

    private static Map<String, Change> byVar(List<Change> changes) {
        Map<String, Change> m = new LinkedHashMap<>();
        for (Change c : changes) {
            m.put(c.var(), c);
        }
        return m;
    }
}
