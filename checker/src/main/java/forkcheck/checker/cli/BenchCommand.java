package forkcheck.checker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.checker.engine.Stats;
import forkcheck.checker.engine.Verdict;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Scenario;
import forkcheck.spec.scenario.ScenarioParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code forkcheck bench}: how fast the explorer is, on "pidrace" scenarios of growing size.
 *
 * <p>Each rung of the ladder is C CPUs that each run {@code alloc free rI} K times on a 16-pid map
 * where only pid 0 is taken. Every rung is explored to the end once per worker count (best of
 * {@code --repeat} runs), after one untimed warm-up run so the JIT has compiled the hot path.
 *
 * <p>The distinct-state and transition counts do not depend on the number of workers; the command
 * checks that they agree and fails (exit 1) if they do not. That is a correctness check: the
 * timings themselves are only reported, never asserted. Exit 3 if a run hit a bound (time, memory).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the explorer on pidrace scenarios of growing size and print a table.",
            "Rungs (C CPUs, each running 'alloc free rI' K times; pid_max 16, bits_per_page 8, "
                + "reserved_pids 2, last_pid 0): 2,1  2,2  3,1  2,3  3,2  3,3."},
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck bench                                  # the whole ladder, 1 and 2 workers",
            "  forkcheck bench --max-size 3,2 --repeat 3 --json bench.json",
            "  FORKCHECK_JAVA_OPTS='-Xmx12g -XX:+UseParallelGC' forkcheck bench --workers 1,2,4",
            "",
            "Reference figures for pidrace-3x3 on the team's 2-core machine (from the issue):",
            "  TLC 25-50 thousand distinct states/s; SPIN ~0.5-0.6 M/s at ~130 B/state;",
            "  a hand-specialised Java BFS ~5 M/s on 1 thread, 8.4 M/s on 2, at ~19 B/state."})
final class BenchCommand implements Callable<Integer> {

    /** The invariants that read only the kernel's own variables; the others need ghosts. */
    static final List<String> PROPERTIES = List.of("pid-unique", "nr-free-exact");

    /** C CPUs, each running {@code alloc free rI} for I = 1..K. */
    record Rung(int cpus, int rounds) {
        String name() {
            return "pidrace-" + cpus + "x" + rounds;
        }

        String text() {
            StringBuilder t = new StringBuilder()
                    .append("# forkcheck bench: ").append(cpus).append(" CPUs, each allocating and freeing a pid ")
                    .append(rounds).append(" time(s).\n")
                    .append("# Only pid 0 is taken and only page 0 is present (the defaults).\n")
                    .append("# The properties need no ghost variables, so the state is the kernel's alone,\n")
                    .append("# as in the reference model the figures are compared with.\n")
                    .append("pid_max        16\n")
                    .append("bits_per_page  8\n")
                    .append("reserved_pids  2\n")
                    .append("last_pid       0\n");
            for (int c = 0; c < cpus; c++) {
                t.append("cpu ").append(c).append("         ");
                for (int i = 1; i <= rounds; i++) {
                    t.append(" alloc free r").append(i);
                }
                t.append('\n');
            }
            t.append("properties     ").append(String.join(" ", PROPERTIES)).append('\n');
            return t.toString();
        }

        Scenario scenario() {
            return ScenarioParser.parse("bench:" + name(), text());
        }

        @Override
        public String toString() {
            return cpus + "," + rounds;
        }
    }

    /** In order of growing state space; the last is the reference model of the issue. */
    static final List<Rung> LADDER = List.of(new Rung(2, 1), new Rung(2, 2), new Rung(3, 1), new Rung(2, 3),
            new Rung(3, 2), new Rung(3, 3));

    /** The untimed warm-up: the middle of the ladder, some 40 thousand states. */
    static final Rung WARM_UP = new Rung(2, 3);

    /** Parses {@code C,K}; picocli names the option in the message of an error. */
    static final class RungConverter implements CommandLine.ITypeConverter<Rung> {
        @Override
        public Rung convert(String value) {
            String[] parts = value.strip().split(",", -1);
            if (parts.length != 2) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not C,K (CPUs, alloc/free rounds per CPU), e.g. 3,2");
            }
            int c = positive(value, parts[0]);
            int k = positive(value, parts[1]);
            Rung r = new Rung(c, k);
            if (!LADDER.contains(r)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a rung of the ladder ("
                        + LADDER.stream().map(Rung::toString).collect(Collectors.joining("  ")) + ")");
            }
            return r;
        }

        private static int positive(String value, String part) {
            int n;
            try {
                n = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': '" + part
                        + "' is not an integer (expected C,K, e.g. 3,2)");
            }
            if (n < 1) {
                throw new CommandLine.TypeConversionException("'" + value + "': C and K must be at least 1");
            }
            return n;
        }
    }

    @Option(names = "--max-size", paramLabel = "C,K", converter = RungConverter.class,
            description = "Stop the ladder after this rung (default: the whole ladder, up to 3,3).")
    Rung maxSize;

    @Option(names = "--workers", paramLabel = "N[,N...]", split = ",", defaultValue = "1,2",
            description = "Worker counts to measure each rung with (default: ${DEFAULT-VALUE}).")
    List<Integer> workers;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Runs per rung and worker count; the best is reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "10m",
            description = "Bound on each run, e.g. 90s, 10m (default: ${DEFAULT-VALUE}; exit 3 if hit).")
    Duration timeLimit;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows as JSON to FILE.")
    Path json;

    @CommandLine.Spec
    CommandSpec spec;

    /** One line of the table: the best of the runs of one rung with one worker count. */
    public record Row(String scenario, int cpus, int rounds, int workers, long distinct, long transitions,
            int depth, double seconds, double distinctPerSecond, double transitionsPerSecond, double bytesPerState,
            Double vsOneWorker, String stoppedBy, boolean mismatch, List<String> violated, int runs) {}

    @Override
    public Integer call() throws IOException {
        List<Integer> counts = workerCounts();
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--repeat': must be at least 1, got " + repeat);
        }
        List<Rung> ladder = maxSize == null ? LADDER : LADDER.subList(0, LADDER.indexOf(maxSize) + 1);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> machine = machine();

        out.printf("forkcheck bench: spec %s; pidrace ladder %s%n", PidSpec.VERSION,
                ladder.stream().map(Rung::name).collect(Collectors.joining(" ")));
        out.printf("  scenarios: C CPUs x K rounds of 'alloc free rI'; pid_max 16, bits_per_page 8, reserved_pids 2,"
                + " last_pid 0;%n  properties %s (no ghost variables)%n", String.join(" ", PROPERTIES));
        out.printf("  machine: %d cores, max heap %s, %s %s (%s), GC %s%n", machine.get("cores"),
                gib((long) machine.get("maxHeapBytes")), machine.get("jvmName"), machine.get("jvmVersion"),
                machine.get("os"), machine.get("gc"));
        out.printf("  JVM options: %s%n", machine.get("jvmOptions"));
        out.printf("  load average at start: %s%n", load());
        out.printf("  workers %s; best of %d run(s); time limit %s per run%n",
                counts.stream().map(String::valueOf).collect(Collectors.joining(",")), repeat, human(timeLimit));
        out.flush();

        int warmWorkers = counts.get(counts.size() - 1);
        Result warm = run(WARM_UP, warmWorkers);
        out.printf("  warm-up (untimed): %s, %d worker(s), %,d states in %.2fs%n", WARM_UP.name(), warmWorkers,
                warm.stats().distinct(), warm.stats().seconds());
        out.println();
        String format = "%-12s %7s %14s %14s %9s %12s %14s %9s %11s  %s";
        out.println(String.format(format, "scenario", "workers", "distinct", "transitions", "seconds", "distinct/s",
                "transitions/s", "B/state", "vs 1 worker", "").stripTrailing());
        out.flush();

        List<Row> rows = new ArrayList<>();
        boolean mismatch = false;
        boolean bounded = false;
        TreeSet<String> bounds = new TreeSet<>();
        List<Rung> skipped = new ArrayList<>();
        for (Rung rung : ladder) {
            if (bounded) {
                skipped.add(rung);
                continue;
            }
            Long distinct = null;
            Long transitions = null;
            Row one = null;
            for (int w : counts) {
                Result best = null;
                boolean rowMismatch = false;
                for (int i = 0; i < repeat; i++) {
                    Result r = run(rung, w);
                    if (r.stoppedBy() == null) {
                        if (distinct == null) {
                            distinct = r.stats().distinct();
                            transitions = r.stats().transitions();
                        } else if (distinct != r.stats().distinct() || transitions != r.stats().transitions()) {
                            rowMismatch = true;
                        }
                    }
                    if (best == null || better(r, best)) {
                        best = r;
                    }
                }
                Stats s = best.stats();
                Double ratio = null;
                if (one != null && best.stoppedBy() == null && one.stoppedBy() == null) {
                    ratio = s.distinctPerSecond() / one.distinctPerSecond();
                }
                List<String> violated = best.verdicts().stream()
                        .filter(v -> v.status() == Verdict.Status.VIOLATED)
                        .map(v -> v.property().name()).toList();
                Row row = new Row(rung.name(), rung.cpus(), rung.rounds(), w, s.distinct(), s.transitions(), s.depth(),
                        s.seconds(), s.distinctPerSecond(), s.seconds() == 0 ? 0 : s.transitions() / s.seconds(),
                        best.bytesPerState(), ratio, best.stoppedBy(), rowMismatch, violated, repeat);
                if (w == 1) {
                    one = row;
                }
                rows.add(row);
                mismatch |= rowMismatch;
                if (best.stoppedBy() != null) {
                    bounded = true;
                    bounds.add(best.stoppedBy());
                }
                List<String> notes = new ArrayList<>();
                if (rowMismatch) {
                    notes.add("MISMATCH: counts differ from the other runs of " + rung.name());
                }
                if (best.stoppedBy() != null) {
                    notes.add("STOPPED by the " + best.stoppedBy() + " bound (counts are partial)");
                }
                if (!violated.isEmpty()) {
                    notes.add("violated: " + String.join(" ", violated));
                }
                out.println(String.format(format, rung.name(), w, String.format("%,d", s.distinct()),
                        String.format("%,d", s.transitions()), String.format("%.3f", s.seconds()),
                        String.format("%,.0f", row.distinctPerSecond()), String.format("%,.0f", row.transitionsPerSecond()),
                        String.format("%.1f", row.bytesPerState()), ratio == null ? "" : String.format("%.2fx", ratio),
                        String.join("; ", notes)).stripTrailing());
                out.flush();
            }
        }

        out.println();
        if (!skipped.isEmpty()) {
            out.printf("Skipped %s: a smaller rung already hit a bound.%n",
                    skipped.stream().map(Rung::name).collect(Collectors.joining(", ")));
        }
        out.printf("load average at end: %s%n", load());
        if (mismatch) {
            out.println("MISMATCH: distinct/transition counts differ across worker counts or repeats -- an engine bug.");
        } else {
            out.println("Counts agree across worker counts" + (repeat > 1 ? " and repeats" : "")
                    + (bounded ? " (runs stopped by a bound have partial counts and are not compared)." : "."));
        }
        int exit = mismatch ? Main.FAILED : bounded ? Main.BOUNDED : Main.OK;
        if (bounded) {
            out.println("Exit 3: a run hit the " + String.join(" and ", bounds) + " bound; to measure the whole ladder,"
                    + " raise " + (bounds.contains("time") ? "--time-limit" : "")
                    + (bounds.contains("time") && bounds.size() > 1 ? " and " : "")
                    + (bounds.size() > 1 || !bounds.contains("time") ? "the heap (-Xmx in FORKCHECK_JAVA_OPTS)" : "")
                    + ".");
        }
        out.flush();
        if (json != null) {
            writeJson(machine, counts, rows, mismatch, exit);
            out.println("Rows written to " + json);
            out.flush();
        }
        return exit;
    }

    private List<Integer> workerCounts() {
        TreeSet<Integer> set = new TreeSet<>();
        for (Integer w : workers) {
            if (w == null || w < 1) {
                throw new ParameterException(spec.commandLine(),
                        "Invalid value for option '--workers': worker counts must be at least 1, got " + w);
            }
            set.add(w);
        }
        if (set.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--workers': no worker count");
        }
        return List.copyOf(set);
    }

    /** A complete run beats a bounded one; otherwise the faster one wins. */
    private static boolean better(Result r, Result best) {
        if ((r.stoppedBy() == null) != (best.stoppedBy() == null)) {
            return r.stoppedBy() == null;
        }
        return r.stats().nanos() < best.stats().nanos();
    }

    /** One exploration to the end (or to the time bound), with the previous run's garbage collected first. */
    private Result run(Rung rung, int workers) {
        PidSpec s = new PidSpec(rung.scenario());
        System.gc();
        Options opt = Options.defaults().withWorkers(workers).withTimeLimit(timeLimit).withKeepGoing(true);
        return Explorer.explore(s, opt);
    }

    private static Map<String, Object> machine() {
        Runtime rt = Runtime.getRuntime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", rt.availableProcessors());
        m.put("maxHeapBytes", rt.maxMemory());
        m.put("jvmName", System.getProperty("java.vm.name"));
        m.put("jvmVersion", Runtime.version().toString());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", ")));
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        m.put("jvmOptions", args.isEmpty() ? "(none)" : String.join(" ", args));
        return m;
    }

    private static String load() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? "unknown" : String.format("%.2f (1 min)", l);
    }

    private static String gib(long bytes) {
        return bytes == Long.MAX_VALUE ? "unbounded" : String.format("%.1f GiB", bytes / (double) (1L << 30));
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private void writeJson(Map<String, Object> machine, List<Integer> counts, List<Row> rows, boolean mismatch,
            int exit) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "forkcheck");
        root.put("command", "bench");
        root.put("specVersion", PidSpec.VERSION);
        root.put("machine", machine);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("workers", counts);
        options.put("repeat", repeat);
        options.put("timeLimitSeconds", timeLimit.toMillis() / 1000.0);
        options.put("maxSize", maxSize == null ? null : maxSize.toString());
        options.put("warmUp", WARM_UP.name());
        root.put("options", options);
        root.put("rows", rows);
        root.put("mismatch", mismatch);
        root.put("exitCode", exit);
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), root);
    }
}
