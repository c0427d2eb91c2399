package forkcheck.spec.fork;

import forkcheck.spec.fork.ForkScenario.InitialTask;
import forkcheck.spec.scenario.ScenarioException;
import forkcheck.spec.scenario.ScenarioFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a fork scenario (the README's "Fork scenarios"): one {@code key value...} per line,
 * {@code #} starts a comment. Every error names the source, the line and the field.
 *
 * <pre>
 * model          fork
 * cpus           2
 * slots          4
 * pid_max        16
 * bits_per_page  16
 * reserved_pids  2
 * max_threads    8
 * task init      pid 1 cpu 0
 * task sh        pid 2 parent init cpu 1 user 1 nproc 2
 * run  init      fork:a wait
 * run  sh        vfork:b
 * run  b         exec
 * cpu 0          init
 * cpu 1          sh
 * faults         alloc_task_struct copy_mm
 * </pre>
 */
public final class ForkScenarioParser {
    /** The swapper, process 0, which every scenario has in slot 0. */
    public static final String SWAPPER = "swapper";
    public static final int DEFAULT_TIME_SLICE = 4;

    private static final List<String> SINGLE = List.of("model", "name", "cpus", "slots", "pid_max", "bits_per_page",
            "reserved_pids", "last_pid", "max_threads", "faults", "fixes", "properties");

    private final String source;
    private final ScenarioFields fields;
    private final Map<String, Integer> taskLines = new LinkedHashMap<>();
    private final Map<String, List<String>> taskWords = new LinkedHashMap<>();
    private final Map<String, Integer> runLines = new LinkedHashMap<>();
    private final Map<String, List<String>> runWords = new LinkedHashMap<>();
    private final Map<Integer, Integer> cpuLines = new LinkedHashMap<>();
    private final Map<Integer, String> cpuTask = new LinkedHashMap<>();

    private ForkScenarioParser(String source) {
        this.source = source;
        this.fields = new ScenarioFields(source);
    }

    public static ForkScenario parse(String source, String text) {
        return new ForkScenarioParser(source).read(text);
    }

    private ForkScenario read(String text) {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            line = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!line.isEmpty()) {
                readLine(n + 1, new ArrayList<>(List.of(line.split("\\s+"))));
            }
        }
        return build(text);
    }

    private void readLine(int n, List<String> words) {
        String key = words.remove(0);
        switch (key) {
            case "task" -> named(n, "task", words, taskLines, taskWords);
            case "run" -> named(n, "run", words, runLines, runWords);
            case "cpu" -> {
                if (words.size() != 2) {
                    throw error(n, "cpu", "expected 'cpu N TASK', as in 'cpu 0 init'");
                }
                int cpu = fields.integer(n, "cpu", words.get(0));
                Integer first = cpuLines.putIfAbsent(cpu, n);
                if (first != null) {
                    throw error(n, "cpu " + cpu, "given twice (first on line " + first + ")");
                }
                cpuTask.put(cpu, words.get(1));
            }
            default -> {
                if (!SINGLE.contains(key)) {
                    throw error(n, key, "unknown field (expected " + String.join(", ", SINGLE) + ", task, run, cpu)");
                }
                fields.put(n, key, words);
            }
        }
    }

    private void named(int n, String key, List<String> words, Map<String, Integer> lines, Map<String, List<String>> into) {
        if (words.isEmpty()) {
            throw error(n, key, "expected a task name");
        }
        String name = words.remove(0);
        Integer first = lines.putIfAbsent(name, n);
        if (first != null) {
            throw error(n, key + " " + name, "given twice (first on line " + first + ")");
        }
        into.put(name, words);
    }

    private ForkScenario build(String text) {
        List<String> model = fields.words("model");
        if (!model.equals(List.of("fork"))) {
            throw error(fields.line("model"), "model", "a fork scenario says 'model fork'");
        }
        int cpus = fields.required("cpus", 1, 4);
        int pidMax = fields.required("pid_max", 2, 1 << 15);
        int bitsPerPage = fields.required("bits_per_page", 2, 1 << 15);
        if (Integer.bitCount(bitsPerPage) != 1) {
            throw error(fields.line("bits_per_page"), "bits_per_page", bitsPerPage + " is not a power of two");
        }
        int reserved = fields.required("reserved_pids", 1, Math.min(pidMax, bitsPerPage) - 1);
        int maxThreads = fields.required("max_threads", 1, 1000);

        List<InitialTask> tasks = new ArrayList<>();
        tasks.add(new InitialTask(SWAPPER, 0, SWAPPER, 0, 0, maxThreads / 2, DEFAULT_TIME_SLICE, null, 0, true, false,
                false, false));
        for (String name : taskLines.keySet()) {
            tasks.add(task(name, cpus, pidMax, maxThreads));
        }
        checkTasks(tasks);
        int slots = fields.required("slots", tasks.size(), 16);
        int maxPid = tasks.stream().mapToInt(InitialTask::pid).max().orElse(0);
        int lastPid = fields.optional("last_pid", maxPid, 0, pidMax - 1);

        Map<String, List<ForkOp>> programs = programs(tasks, cpus);
        List<String> running = running(cpus, tasks);
        Set<String> faults = new LinkedHashSet<>();
        for (String f : fields.words("faults")) {
            if (!ForkScenario.FAULTS.contains(f)) {
                throw error(fields.line("faults"), "faults", "unknown fault site '" + f + "' (known: "
                        + String.join(", ", ForkScenario.FAULTS) + ")");
            }
            faults.add(f);
        }
        Set<String> fixes = new LinkedHashSet<>();
        for (String f : fields.words("fixes")) {
            if (ForkFix.byId(f) == null) {
                throw error(fields.line("fixes"), "fixes", "unknown fix '" + f + "' (known: " + String.join(", ",
                        java.util.Arrays.stream(ForkFix.values()).map(ForkFix::id).toList()) + ")");
            }
            fixes.add(f);
        }
        String name = fields.name();
        return new ForkScenario(name, source, text, cpus, slots, pidMax, bitsPerPage, reserved, lastPid, maxThreads,
                List.copyOf(tasks), programs, running, Set.copyOf(faults), Set.copyOf(fixes),
                List.copyOf(fields.words("properties")), fields.line("properties"));
    }

    private InitialTask task(String name, int cpus, int pidMax, int maxThreads) {
        int n = taskLines.get(name);
        String field = "task " + name;
        if (name.equals(SWAPPER)) {
            throw error(n, field, "the swapper (process 0) is always there; do not declare it");
        }
        Map<String, String> attrs = new HashMap<>();
        Set<String> switches = new LinkedHashSet<>();
        List<String> w = taskWords.get(name);
        for (int i = 0; i < w.size(); i++) {
            String k = w.get(i);
            if (List.of("kernel", "sigkill", "group-exit", "ioperm").contains(k)) {
                switches.add(k);
            } else if (List.of("pid", "parent", "cpu", "user", "nproc", "time_slice", "traced-by", "ptrace").contains(k)) {
                if (i + 1 == w.size()) {
                    throw error(n, field, "'" + k + "' needs a value");
                }
                attrs.put(k, w.get(++i));
            } else {
                throw error(n, field, "unknown attribute '" + k + "' (expected pid, parent, cpu, user, nproc, time_slice,"
                        + " traced-by, ptrace, kernel, sigkill, group-exit, ioperm)");
            }
        }
        if (!attrs.containsKey("pid")) {
            throw error(n, field, "'pid' is required");
        }
        int pid = fields.bounded(n, field, attrs.get("pid"), 1, pidMax - 1);
        int cpu = attrs.containsKey("cpu") ? fields.bounded(n, field, attrs.get("cpu"), 0, cpus - 1) : 0;
        String u = attrs.getOrDefault("user", "root");
        int user = u.equals("root") ? 0 : fields.bounded(n, field, u, 1, 3);
        int nproc = attrs.containsKey("nproc") ? fields.bounded(n, field, attrs.get("nproc"), 0, 64) : maxThreads / 2;
        int slice = attrs.containsKey("time_slice") ? fields.bounded(n, field, attrs.get("time_slice"), 1, 8)
                : DEFAULT_TIME_SLICE;
        int options = 0;
        if (attrs.containsKey("ptrace")) {
            for (String o : attrs.get("ptrace").split(",")) {
                Integer bit = PtraceFlags.option(o);
                if (bit == null) {
                    throw error(n, field, "unknown ptrace option '" + o + "' (known: fork, vfork, clone, vfork_done)");
                }
                options |= bit;
            }
            if (!attrs.containsKey("traced-by")) {
                throw error(n, field, "'ptrace' options need 'traced-by TASK'");
            }
        }
        return new InitialTask(name, pid, attrs.getOrDefault("parent", SWAPPER), cpu, user, nproc, slice,
                attrs.get("traced-by"), options, switches.contains("kernel"), switches.contains("sigkill"),
                switches.contains("group-exit"), switches.contains("ioperm"));
    }

    private void checkTasks(List<InitialTask> tasks) {
        Map<Integer, String> byPid = new HashMap<>();
        Set<String> names = new LinkedHashSet<>();
        tasks.forEach(t -> names.add(t.name()));
        for (InitialTask t : tasks) {
            int n = taskLines.getOrDefault(t.name(), 0);
            String other = byPid.putIfAbsent(t.pid(), t.name());
            if (other != null) {
                throw error(n, "task " + t.name(), "pid " + t.pid() + " is already " + other + "'s");
            }
            if (!names.contains(t.parent())) {
                throw error(n, "task " + t.name(), "parent '" + t.parent() + "' is not a task of the scenario");
            }
            if (t.tracer() != null && (!names.contains(t.tracer()) || t.tracer().equals(t.name()))) {
                throw error(n, "task " + t.name(), "traced-by '" + t.tracer() + "' must name another task");
            }
        }
    }

    /** Every named task's program, empty for a task that has no {@code run} line. */
    private Map<String, List<ForkOp>> programs(List<InitialTask> tasks, int cpus) {
        Set<String> known = new LinkedHashSet<>();
        tasks.forEach(t -> known.add(t.name()));
        Map<String, Integer> childLine = new HashMap<>();
        Map<String, List<ForkOp>> programs = new LinkedHashMap<>();
        for (String name : runLines.keySet()) {
            int n = runLines.get(name);
            List<ForkOp> ops = new ArrayList<>();
            for (String word : runWords.get(name)) {
                ForkOp op = op(n, "run " + name, word);
                if (op instanceof ForkOp.Fork f && f.child() != null) {
                    if (known.contains(f.child()) || childLine.putIfAbsent(f.child(), n) != null) {
                        throw error(n, "run " + name, "child name '" + f.child() + "' is already used");
                    }
                }
                ops.add(op);
            }
            if (ops.isEmpty()) {
                throw error(n, "run " + name, "empty program");
            }
            programs.put(name, List.copyOf(ops));
        }
        Set<String> named = new LinkedHashSet<>(known);
        named.addAll(childLine.keySet());
        for (String name : programs.keySet()) {
            for (ForkOp op : programs.get(name)) {
                String target = op.target();
                if (target != null && !named.contains(target)) {
                    throw error(op.line(), "run " + name, "'" + target + "' is not a task of the scenario");
                }
                if (op instanceof ForkOp.SetAffinity sa && (sa.cpu() < 0 || sa.cpu() >= cpus)) {
                    throw error(op.line(), "run " + name, "cpu " + sa.cpu() + " is out of range 0.." + (cpus - 1));
                }
                if (op instanceof ForkOp.ForkIdle fi && (fi.cpu() < 1 || fi.cpu() >= cpus)) {
                    throw error(op.line(), "run " + name, "fork_idle's cpu " + fi.cpu() + " must be another CPU, 1.."
                            + (cpus - 1));
                }
            }
        }
        for (String name : named) {
            programs.putIfAbsent(name, List.of());
        }
        for (String name : runLines.keySet()) {
            if (!known.contains(name) && !childLine.containsKey(name)) {
                throw error(runLines.get(name), "run " + name, "'" + name + "' is neither a task nor a child named by"
                        + " a fork (as in 'fork:" + name + "')");
            }
        }
        return programs;
    }

    private ForkOp op(int n, String field, String word) {
        String[] parts = word.split(":", -1);
        String entry = parts[0];
        switch (entry) {
            case "exit", "group_exit", "exec", "wait" -> {
                if (parts.length != 1) {
                    throw error(n, field, "'" + entry + "' takes no argument");
                }
                return switch (entry) {
                    case "exit" -> new ForkOp.Exit(n);
                    case "group_exit" -> new ForkOp.GroupExit(n);
                    case "exec" -> new ForkOp.Exec(n);
                    default -> new ForkOp.Wait(n);
                };
            }
            case "kill", "killpg" -> {
                if (parts.length != 2) {
                    throw error(n, field, "expected '" + entry + ":TASK', got '" + word + "'");
                }
                return new ForkOp.Kill(n, parts[1], entry.equals("killpg"));
            }
            case "cont", "detach" -> {
                if (parts.length != 2) {
                    throw error(n, field, "expected '" + entry + ":TASK', got '" + word + "'");
                }
                return new ForkOp.Resume(n, parts[1], entry.equals("detach"));
            }
            case "attach" -> {
                if (parts.length != 2) {
                    throw error(n, field, "expected 'attach:TASK', got '" + word + "'");
                }
                return new ForkOp.Attach(n, parts[1]);
            }
            case "fork_idle" -> {
                if (parts.length != 2) {
                    throw error(n, field, "expected 'fork_idle:CPU', got '" + word + "'");
                }
                return new ForkOp.ForkIdle(n, fields.integer(n, field, parts[1]));
            }
            case "setaffinity" -> {
                if (parts.length != 3) {
                    throw error(n, field, "expected 'setaffinity:TASK:CPU', got '" + word + "'");
                }
                return new ForkOp.SetAffinity(n, parts[1], fields.integer(n, field, parts[2]));
            }
            case "fork", "vfork" -> {
                if (parts.length > 2) {
                    throw error(n, field, "expected '" + entry + "' or '" + entry + ":CHILD', got '" + word + "'");
                }
                int flags = entry.equals("fork") ? CloneFlags.FORK : CloneFlags.VFORK;
                return new ForkOp.Fork(n, entry, flags, parts.length == 2 ? childName(n, field, parts[1]) : null);
            }
            case "clone", "kernel_thread" -> {
                if (parts.length < 2 || parts.length > 3) {
                    throw error(n, field, "expected '" + entry + ":FLAG|FLAG' or '" + entry + ":FLAG|FLAG:CHILD', got '"
                            + word + "'");
                }
                int flags = flags(n, field, parts[1]);
                if (entry.equals("kernel_thread")) {
                    flags |= CloneFlags.KERNEL_THREAD;
                }
                return new ForkOp.Fork(n, entry, flags, parts.length == 3 ? childName(n, field, parts[2]) : null);
            }
            default -> throw error(n, field, "unknown operation '" + word + "' (expected fork, vfork, clone:FLAGS,"
                    + " kernel_thread:FLAGS, each with an optional :CHILD, or exit, group_exit, exec, wait, kill:TASK, killpg:TASK, attach:TASK, cont:TASK, detach:TASK, setaffinity:TASK:CPU, fork_idle:CPU)");
        }
    }

    private String childName(int n, String field, String name) {
        if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw error(n, field, "bad child name '" + name + "'");
        }
        return name;
    }

    private int flags(int n, String field, String text) {
        int flags = 0;
        for (String f : text.split("\\|")) {
            if (f.equals("0")) {
                continue;
            }
            Integer bit = CloneFlags.byName(f);
            if (bit == null) {
                throw error(n, field, "unknown clone flag '" + f + "' (known: " + String.join(", ", CloneFlags.names())
                        + ", or 0)");
            }
            flags |= bit;
        }
        return flags;
    }

    private List<String> running(int cpus, List<InitialTask> tasks) {
        List<String> running = new ArrayList<>();
        Set<String> taken = new LinkedHashSet<>();
        for (int c = 0; c < cpus; c++) {
            String name = cpuTask.get(c);
            if (name == null) {
                running.add(null);
                continue;
            }
            int n = cpuLines.get(c);
            final int cpu = c;
            InitialTask t = tasks.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() ->
                    error(n, "cpu " + cpu, "'" + name + "' is not a task of the scenario"));
            if (t.cpu() != c) {
                throw error(n, "cpu " + c, name + " is on cpu " + t.cpu() + "'s runqueue (give it 'cpu " + c + "')");
            }
            if (!taken.add(name)) {
                throw error(n, "cpu " + c, name + " already runs on another CPU");
            }
            running.add(name);
        }
        for (int c : cpuLines.keySet()) {
            if (c >= cpus) {
                throw error(cpuLines.get(c), "cpu " + c, "only " + cpus + " CPU(s)");
            }
        }
        return java.util.Collections.unmodifiableList(running);
    }

    private ScenarioException error(int line, String field, String message) {
        return fields.error(line, field, message);
    }
}
