package forkcheck.checker.engine;

import java.util.List;

/**
 * The outcome of a run.
 *
 * @param stats the final totals
 * @param verdicts one per property, in the spec's order, deadlock freedom first
 * @param stoppedBy the bound that ended the run early ({@code states}, {@code depth}, {@code time},
 *     {@code memory}), or null if the state space was exhausted or a violation ended it
 * @param complete whether every reachable state was explored
 * @param bytesPerState heap the explorer's own structures took, per distinct state
 */
public record Result(Stats stats, List<Verdict> verdicts, String stoppedBy, boolean complete, double bytesPerState) {
    public boolean anyFailed() {
        return verdicts.stream().anyMatch(Verdict::failed);
    }

    /** The exit code a CI acts on: 0 all hold, 1 a property failed, 3 a bound ended the run. */
    public int exitCode() {
        if (anyFailed()) {
            return 1;
        }
        return stoppedBy != null ? 3 : 0;
    }
}
