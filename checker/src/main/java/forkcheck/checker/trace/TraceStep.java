package forkcheck.checker.trace;

import forkcheck.spec.StepInfo;
import java.util.List;

/**
 * Step {@code index} (1-based) of a trace: the action taken, what it does, the variables it
 * changed, and the fingerprint of the state it leads to.
 */
public record TraceStep(int index, int action, StepInfo info, List<Change> changes, long fingerprint) {}
