package forkcheck.checker.cli;

import forkcheck.checker.SpecLoader;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Fingerprint;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.checker.engine.Stats;
import forkcheck.checker.engine.Verdict;
import forkcheck.checker.trace.ItfWriter;
import forkcheck.checker.trace.Trace;
import forkcheck.checker.trace.TraceJson;
import forkcheck.checker.trace.TracePrinter;
import forkcheck.checker.trace.TraceStates;
import forkcheck.checker.z3.CertificationException;
import forkcheck.checker.z3.Certifier;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.scenario.Scenarios;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Explore every interleaving of a scenario and check its properties.",
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck check                      # the default scenario, " + Scenarios.DEFAULT,
            "  forkcheck check pidrace-3x2-free --workers 2 --time-limit 5m",
            "  forkcheck check my.scenario --mutant drop-atomic-dec --out /tmp/traces"})
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = Scenarios.DEFAULT, paramLabel = "SCENARIO",
            description = "A scenario file, or a built-in scenario's name (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--mutant", defaultValue = "none", paramLabel = "NAME",
            description = "Check the spec with this seeded fault (see 'forkcheck list').")
    String mutant;

    @Mixin
    WorkersOption workers = new WorkersOption();

    @Option(names = "--max-states", paramLabel = "N", defaultValue = "0",
            description = "Stop after N distinct states (exit 3).")
    long maxStates;

    @Option(names = "--max-depth", paramLabel = "N", defaultValue = "0",
            description = "Do not explore beyond depth N (exit 3 if states remain).")
    int maxDepth;

    @Option(names = "--time-limit", paramLabel = "DURATION", description = "Stop after this long, e.g. 90s, 5m (exit 3).")
    Duration timeLimit;

    @Option(names = "--max-memory", paramLabel = "SIZE",
            description = "Stop before the explorer holds more than this, e.g. 2g (default: 80%% of the heap; exit 3).")
    String maxMemory;

    @Option(names = "--continue",
            description = "After a violation, go on to find the shortest trace of every other property.")
    boolean keepGoing;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "counterexamples",
            description = "Where violation traces are written (default: ${DEFAULT-VALUE}).")
    Path out;

    /** How violation traces are written; ITF is for Apalache's and Quint's trace tools. */
    enum Format { json, itf, both }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "Trace files to write: json (forkcheck's, replayable), itf (X.itf.json, the Informal Trace"
                    + " Format of Apalache and Quint), or both (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--progress", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often to print a progress line (default: ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @Option(names = "--junit-xml", paramLabel = "FILE",
            description = "Also write the verdicts as a JUnit XML report, one testcase per property.")
    Path junitXml;

    @Option(names = "--coverage", description = "Count the transitions through each label and print them (slower).")
    boolean coverage;

    @Option(names = "--coverage-out", paramLabel = "FILE", description = "Also write the coverage as JSON (implies --coverage).")
    Path coverageOut;

    @Option(names = "--z3",
            description = "Also check every invariant with Z3 on each distinct state (every K-th with --z3-every);"
                    + " exit 4 if Z3 and the Java predicate ever disagree. Runs with one worker.")
    boolean z3;

    @Option(names = "--z3-every", paramLabel = "K", defaultValue = "1",
            description = "With --z3: certify every K-th distinct state (default: ${DEFAULT-VALUE}).")
    long z3Every;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() throws IOException {
        SpecLoader loaded = SpecLoader.load(scenario, mutant);
        Options opt = Options.defaults()
                .withWorkers(workers.count())
                .withMaxStates(maxStates).withMaxDepth(maxDepth).withTimeLimit(timeLimit)
                .withMaxMemory(maxMemory == null ? 0 : Units.bytes(maxMemory))
                .withKeepGoing(keepGoing).withProgressEvery(progressEvery);
        if (z3Every < 1) {
            throw new forkcheck.spec.BadInputException("--z3-every must be at least 1, got " + z3Every);
        }
        if (z3) {
            if (workers.workers != null && workers.workers != 1) {
                throw new forkcheck.spec.BadInputException("--z3 runs with one worker (the solver is not shared"
                        + " between threads); drop --workers " + workers.workers);
            }
            opt = opt.withWorkers(1);
        }
        PrintWriter o = cmd.commandLine().getOut();
        if (z3) {
            return withZ3(o, loaded, opt);
        }
        return run(o, loaded, opt);
    }

    private int withZ3(PrintWriter o, SpecLoader loaded, Options opt) throws IOException {
        try (Certifier cert = new Certifier(loaded.spec())) {
            int code;
            try {
                code = run(o, loaded, opt.withObserver(cert, z3Every));
            } catch (CertificationException e) {
                o.flush();
                cmd.commandLine().getErr().println("forkcheck: Z3 CERTIFICATION FAILED: " + e.getMessage());
                return Main.INTERNAL;
            }
            o.printf("Z3: %,d states certified (%s), %,d queries over %s, %.1fs,"
                    + " %.2f ms per state; Z3 and Java agree on every one%n", cert.states(),
                    z3Every == 1 ? "every distinct state" : "1 in " + z3Every + " distinct states", cert.queries(),
                    String.join(", ", cert.invariants()), cert.seconds(),
                    cert.states() == 0 ? 0.0 : cert.seconds() * 1e3 / cert.states());
            return code;
        }
    }

    private int run(PrintWriter o, SpecLoader loaded, Options opt) throws IOException {
        Trace.Provenance p = loaded.provenance();
        o.printf("forkcheck: scenario %s (%s), spec %s, mutant %s, %d worker%s%n", p.scenario(), p.source(),
                loaded.spec().version(), mutant, opt.workers(), opt.workers() == 1 ? "" : "s");
        int words = loaded.spec().layout().words();
        o.printf("  %sstate vector %d word%s%n", bounds(loaded.spec()), words, words == 1 ? "" : "s");
        var counted = coverage || coverageOut != null ? new forkcheck.checker.coverage.CoverageSpec(loaded.spec()) : null;
        ProgressLine progress = ProgressLine.to(o);
        Result r = Explorer.explore(counted != null ? counted : loaded.spec(), opt, progress);
        progress.end();
        report(o, loaded, r);
        if (counted != null) {
            forkcheck.checker.coverage.Coverage.report(counted, loaded, r, o, coverageOut);
        }
        if (junitXml != null) {
            forkcheck.checker.report.JUnitXml.write(forkcheck.checker.report.JUnitXml.ofCheck(loaded, r), junitXml);
            o.println("JUnit XML report written to " + junitXml);
        }
        return r.exitCode();
    }

    /** The pidmap's bounds, which a reader checks first; other models' scenarios say theirs in their text. */
    private static String bounds(Spec spec) {
        String b = spec.bounds();
        return b.isEmpty() ? "" : b + "; ";
    }

    static String line(Stats s) {
        return String.format("%,d distinct, %,d transitions, %,d queued, depth %d, %.1fs, %,.0f states/s",
                s.distinct(), s.transitions(), s.queued(), s.depth(), s.seconds(), s.distinctPerSecond());
    }

    private void report(PrintWriter o, SpecLoader loaded, Result r) throws IOException {
        Stats s = r.stats();
        if (r.complete()) {
            o.println("Finished, every reachable state explored: " + line(s));
        } else if (r.stoppedBy() != null) {
            o.println("STOPPED by the " + r.stoppedBy() + " bound before the state space was exhausted: " + line(s));
        } else {
            o.println("Stopped at the first violation (--continue to go on): " + line(s));
        }
        o.printf("  %.1f bytes per state; fingerprint collision probability %.1e%n", r.bytesPerState(),
                Fingerprint.collisionProbability(s.distinct()));
        o.println("Properties:");
        for (Verdict v : r.verdicts()) {
            String kind = v.property().kind() == Property.Kind.ALWAYS ? "always   " : "sometimes";
            String status = switch (v.status()) {
                case HOLDS -> "holds";
                case VIOLATED -> "VIOLATED (trace of " + v.path().length + " steps)";
                case REACHED -> "reached (after " + v.path().length + " steps)";
                case NEVER_REACHED -> "NEVER REACHED";
                case UNDECIDED -> r.stoppedBy() != null ? "undecided (bounded run)" : "undecided (search stopped early)";
            };
            o.printf("  %s %-28s %s%n", kind, v.property().name(), status);
        }
        for (Verdict v : r.verdicts()) {
            if (v.status() == Verdict.Status.VIOLATED) {
                Trace t = Trace.of(loaded.spec(), loaded.provenance(), v.property().name(), v.path());
                o.println();
                o.println("Violation of " + v.property().name() + ": " + v.property().description());
                print(t, o);
                writeTrace(o, loaded, t, out.resolve(fileName(loaded, v.property().name())));
            }
        }
        if (r.stoppedBy() != null) {
            o.println("Exit 3: raise the " + r.stoppedBy() + " bound to explore the whole state space.");
        }
    }

    private void writeTrace(PrintWriter o, SpecLoader loaded, Trace t, Path file) throws IOException {
        if (format != Format.itf) {
            TraceJson.write(t, file);
            o.println("  Trace written to " + file + " (replay: forkcheck replay " + file + ")");
        }
        if (format != Format.json) {
            Path itf = ItfWriter.besideJson(file);
            ItfWriter.write(TraceStates.of(loaded.spec(), t), itf);
            o.println("  ITF trace written to " + itf);
        }
    }

    /** {@link TracePrinter} to the command's own output, so that a caller (a test) can capture it. */
    static void print(Trace t, PrintWriter out) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TracePrinter.print(t, new PrintStream(buf, true, StandardCharsets.UTF_8));
        out.print(buf.toString(StandardCharsets.UTF_8));
        out.flush();
    }

    static String fileName(SpecLoader loaded, String property) {
        String m = loaded.provenance().mutant();
        return loaded.provenance().scenario() + (m.equals("none") ? "" : "--" + m) + "--" + property + ".json";
    }
}
