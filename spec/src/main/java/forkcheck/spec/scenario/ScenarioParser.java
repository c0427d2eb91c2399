package forkcheck.spec.scenario;

import forkcheck.spec.pid.PidModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the scenario format (documented in the README): one {@code key value...} per line,
 * {@code #} starts a comment.
 *
 * <pre>
 * model          pidmap
 * pid_max        16
 * bits_per_page  8
 * reserved_pids  2
 * last_pid       13
 * taken          2 3 4
 * pages          0 1
 * faults         get_zeroed_page
 * cpu 0          alloc free r1 alloc
 * cpu 1          alloc free 3
 * properties     pid-unique nr-free-exact
 * </pre>
 *
 * Every error names the source, the line and the field.
 */
public final class ScenarioParser {
    /** The largest {@code pid_max} of the kernel ({@code PID_MAX_LIMIT} on 64-bit). */
    public static final int PID_MAX_LIMIT = 4 * 1024 * 1024;
    /** {@code BITS_PER_PAGE} with 4 KiB pages. */
    public static final int MAX_BITS_PER_PAGE = 32768;

    private static final Set<String> KNOWN_FAULTS = Set.of(Scenario.FAULT_GET_ZEROED_PAGE);

    private final String source;
    private String text;
    private final ScenarioFields fields;
    private final TreeMap<Integer, Integer> cpuLines = new TreeMap<>();
    private final Map<Integer, List<String>> cpuOps = new HashMap<>();

    private ScenarioParser(String source) {
        this.source = source;
        this.fields = new ScenarioFields(source);
    }

    /** Parses {@code text}; {@code source} (a path or {@code builtin:NAME}) is named in errors. */
    public static Scenario parse(String source, String text) {
        return new ScenarioParser(source).read(text);
    }

    private Scenario read(String text) {
        this.text = text;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (!line.isEmpty()) {
                readLine(n + 1, line);
            }
        }
        return build();
    }

    private void readLine(int n, String line) {
        List<String> tokens = new ArrayList<>(List.of(line.split("\\s+")));
        String key = tokens.remove(0);
        if (key.equals("cpu")) {
            readCpu(n, tokens);
            return;
        }
        if (!List.of("model", "name", "pid_max", "bits_per_page", "reserved_pids", "last_pid", "taken", "pages", "faults",
                        "properties")
                .contains(key)) {
            throw error(n, key, "unknown field (expected model, name, pid_max, bits_per_page, reserved_pids, last_pid, taken,"
                    + " pages, faults, cpu N, properties)");
        }
        fields.put(n, key, tokens);
        if (key.equals("model")) {
            readModel(n, tokens);
        }
    }

    /**
     * {@link forkcheck.spec.Models} sends a scenario here only if it names this model, so another
     * name means a caller skipped that dispatch; the error says what the file asked for.
     */
    private void readModel(int n, List<String> tokens) {
        if (!tokens.equals(List.of(PidModel.NAME))) {
            throw error(n, "model", "this is the " + PidModel.NAME + " scenario reader, but the scenario is for model '"
                    + String.join(" ", tokens) + "'");
        }
    }

    private void readCpu(int n, List<String> tokens) {
        if (tokens.isEmpty()) {
            throw error(n, "cpu", "expected a CPU number, as in 'cpu 0  alloc free r1'");
        }
        String id = tokens.remove(0);
        if (id.endsWith(":")) {
            id = id.substring(0, id.length() - 1);
        }
        int cpu = fields.integer(n, "cpu", id);
        if (cpuLines.containsKey(cpu)) {
            throw error(n, "cpu " + cpu, "given twice (first on line " + cpuLines.get(cpu) + ")");
        }
        cpuLines.put(cpu, n);
        cpuOps.put(cpu, tokens);
    }

    private Scenario build() {
        int pidMax = fields.required("pid_max", 2, PID_MAX_LIMIT);
        int bitsPerPage = fields.required("bits_per_page", 2, MAX_BITS_PER_PAGE);
        if (Integer.bitCount(bitsPerPage) != 1) {
            throw error(fields.line("bits_per_page"), "bits_per_page", bitsPerPage + " is not a power of two");
        }
        int reserved = fields.required("reserved_pids", 1, pidMax - 1);
        if (reserved >= bitsPerPage) {
            throw error(fields.line("reserved_pids"), "reserved_pids", reserved + " must be below bits_per_page ("
                    + bitsPerPage + "): alloc_pidmap wraps to offset RESERVED_PIDS of page 0");
        }
        int lastPid = fields.optional("last_pid", 0, 0, pidMax - 1);
        int npages = (pidMax + bitsPerPage - 1) / bitsPerPage;

        Set<Integer> pages = new TreeSet<>(List.of(0));
        for (String v : fields.words("pages")) {
            pages.add(fields.bounded(fields.line("pages"), "pages", v, 0, npages - 1));
        }
        Set<Integer> taken = new TreeSet<>(List.of(0));
        for (String v : fields.words("taken")) {
            int pid = fields.bounded(fields.line("taken"), "taken", v, 0, pidMax - 1);
            if (!pages.contains(pid / bitsPerPage)) {
                throw error(fields.line("taken"), "taken", "pid " + pid + " is on page " + pid / bitsPerPage
                        + ", which is not listed under 'pages'");
            }
            taken.add(pid);
        }
        Set<String> faults = new LinkedHashSet<>();
        for (String f : fields.words("faults")) {
            if (!KNOWN_FAULTS.contains(f)) {
                throw error(fields.line("faults"), "faults", "unknown fault site '" + f + "' (known: " + KNOWN_FAULTS + ")");
            }
            faults.add(f);
        }
        List<List<Op>> cpus = programs(taken);
        String name = fields.name();
        return new Scenario(name, source, text, pidMax, bitsPerPage, reserved, lastPid, List.copyOf(taken),
                List.copyOf(pages), Set.copyOf(faults), cpus, List.copyOf(fields.words("properties")),
                fields.line("properties"));
    }

    private List<List<Op>> programs(Set<Integer> taken) {
        if (cpuLines.isEmpty()) {
            throw error(0, "cpu", "no CPU has a program: add a line such as 'cpu 0  alloc alloc'");
        }
        int expected = 0;
        for (int cpu : cpuLines.keySet()) {
            if (cpu != expected) {
                throw error(cpuLines.get(cpu), "cpu " + cpu, "CPUs are numbered 0, 1, 2, ... without gaps; cpu "
                        + expected + " is missing");
            }
            expected++;
        }
        Map<Integer, Integer> freedBy = new HashMap<>();
        List<List<Op>> cpus = new ArrayList<>();
        for (int cpu : cpuLines.keySet()) {
            cpus.add(program(cpu, cpuLines.get(cpu), cpuOps.get(cpu), taken, freedBy));
        }
        return List.copyOf(cpus);
    }

    private List<Op> program(int cpu, int n, List<String> words, Set<Integer> taken, Map<Integer, Integer> freedBy) {
        String field = "cpu " + cpu;
        if (words.isEmpty()) {
            throw error(n, field, "empty program (expected alloc, free rK or free PID)");
        }
        List<Op> ops = new ArrayList<>();
        Set<Integer> freedResults = new TreeSet<>();
        int allocs = 0;
        for (int w = 0; w < words.size(); w++) {
            String word = words.get(w);
            if (word.equals("alloc")) {
                ops.add(new Op.Alloc(n));
                allocs++;
            } else if (word.equals("free")) {
                if (w + 1 == words.size()) {
                    throw error(n, field, "'free' needs an argument: rK (the K-th alloc of this CPU) or a pid");
                }
                String arg = words.get(++w);
                if (arg.startsWith("r")) {
                    int k = fields.integer(n, field, arg.substring(1));
                    if (k < 1 || k > allocs) {
                        throw error(n, field, "'free " + arg + "' names alloc " + k + " but only " + allocs
                                + " alloc(s) come before it on this CPU");
                    }
                    if (!freedResults.add(k)) {
                        throw error(n, field, "'free " + arg + "' frees the same pid twice");
                    }
                    ops.add(new Op.FreeResult(n, k - 1));
                } else {
                    int pid = fields.integer(n, field, arg);
                    if (pid == 0 || !taken.contains(pid)) {
                        throw error(n, field, "'free " + pid + "' frees a pid that is not taken at the start"
                                + (pid == 0 ? " by a task (pid 0 is the swapper's)" : " (list it under 'taken')"));
                    }
                    Integer other = freedBy.putIfAbsent(pid, cpu);
                    if (other != null) {
                        throw error(n, field, "pid " + pid + " is already freed by cpu " + other);
                    }
                    ops.add(new Op.FreePid(n, pid));
                }
            } else {
                throw error(n, field, "unknown operation '" + word + "' (expected alloc, free rK or free PID)");
            }
        }
        return List.copyOf(ops);
    }

    private ScenarioException error(int line, String field, String message) {
        return fields.error(line, field, message);
    }
}
