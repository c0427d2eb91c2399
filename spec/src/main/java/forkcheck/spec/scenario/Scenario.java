package forkcheck.spec.scenario;

import java.util.List;
import java.util.Set;

/**
 * What the machine does: the pidmap's bounds and starting contents, and each CPU's program.
 *
 * <p>Built by {@link ScenarioParser}, which checks every field; a {@code Scenario} is always
 * valid. {@code text} is the file as written, so a trace can carry the scenario it came from.
 *
 * @param pidMax {@code pid_max}
 * @param bitsPerPage {@code BITS_PER_PAGE}, a power of two
 * @param reservedPids {@code RESERVED_PIDS}, where the search restarts after wrapping
 * @param lastPid {@code last_pid} at the start
 * @param taken pids whose bit is set at the start, pid 0 ({@code pidmap_init}) included
 * @param pages pidmap pages present at the start, page 0 ({@code pidmap_init}) included
 * @param faults allocation sites that may fail ({@code get_zeroed_page})
 * @param cpus each CPU's program
 * @param properties the properties to check by name, or empty for all of them
 */
public record Scenario(
        String name,
        String source,
        String text,
        int pidMax,
        int bitsPerPage,
        int reservedPids,
        int lastPid,
        List<Integer> taken,
        List<Integer> pages,
        Set<String> faults,
        List<List<Op>> cpus,
        List<String> properties,
        int propertiesLine) {

    public static final String FAULT_GET_ZEROED_PAGE = "get_zeroed_page";

    /** {@code PIDMAP_ENTRIES} that {@code pid_max} needs. */
    public int pidmapEntries() {
        return (pidMax + bitsPerPage - 1) / bitsPerPage;
    }

    public boolean mayFail(String site) {
        return faults.contains(site);
    }
}
