package forkcheck.checker.trace;

import forkcheck.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * Every state of a trace, not only the diffs the trace file records: the viewer and the ITF
 * export show each variable at each step, so they re-execute the trace's actions.
 *
 * @param spec the spec the states belong to (its layout names the variables)
 * @param trace the trace, as the spec describes its steps
 * @param states {@code states.get(0)} is the initial state, {@code states.get(k)} the state after step k
 */
public record TraceStates(Spec spec, Trace trace, List<long[]> states) {

    /**
     * Replays {@code t} first, so that a trace that no longer matches the spec is refused with the
     * replayer's message rather than shown as something it is not.
     *
     * @throws NotReplayable if the trace diverges from the spec
     * @throws TraceFormatException if it cannot be replayed at all
     */
    public static TraceStates replay(String source, Trace t) {
        Spec spec = Replayer.specFor(source, t);
        Replayer.Outcome r = Replayer.replay(source, t, spec);
        if (!r.ok()) {
            throw new NotReplayable(r.message());
        }
        return of(spec, r.replayed());
    }

    /** Re-executes {@code t}'s actions from {@code spec}'s initial state; {@code t} must replay on {@code spec}. */
    public static TraceStates of(Spec spec, Trace t) {
        List<long[]> states = new ArrayList<>();
        long[] cur = spec.layout().newState();
        spec.init(cur);
        states.add(cur);
        for (TraceStep st : t.steps()) {
            long[] next = spec.layout().newState();
            spec.step(cur, st.action(), next);
            states.add(next);
            cur = next;
        }
        return new TraceStates(spec, t, List.copyOf(states));
    }

    /** A trace that reads but diverges from the spec: the message names the first diverging step. */
    public static final class NotReplayable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotReplayable(String message) {
            super(message);
        }
    }
}
