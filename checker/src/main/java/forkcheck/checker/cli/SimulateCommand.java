package forkcheck.checker.cli;

import forkcheck.checker.SpecLoader;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.trace.Trace;
import forkcheck.checker.trace.TraceJson;
import forkcheck.model.Var;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.StepInfo;
import forkcheck.spec.pid.PidLabel;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Op;
import forkcheck.spec.scenario.Scenarios;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Follow one random interleaving of a scenario, as TLC's simulation mode does.",
            "Each step is picked at random among the enabled ones. Prints every step and every call that returns,"
                + " and checks the always-properties in every state. With one CPU, this is the kernel's sequential"
                + " behaviour, call by call."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:every CPU finished and no always-property was violated",
            " 1:an always-property was violated, or no CPU could move before all had finished (deadlock)",
            " 2:bad input or usage",
            " 3:--steps ran out before every CPU finished"},
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck simulate                        # " + Scenarios.DEFAULT + ", a fresh seed",
            "  forkcheck simulate pidrace-2x2 --seed 42   # the same walk every time",
            "  forkcheck simulate pidrace-2x2 --mutant drop-atomic-dec --out /tmp/traces"})
final class SimulateCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = Scenarios.DEFAULT, paramLabel = "SCENARIO",
            description = "A scenario file, or a built-in scenario's name (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the random choices (default: a fresh one, printed so the walk can be repeated).")
    Long seed;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000",
            description = "Stop after N steps (default: ${DEFAULT-VALUE}; exit 3 if a CPU has not finished).")
    int maxSteps;

    @Option(names = "--mutant", defaultValue = "none", paramLabel = "NAME",
            description = "Simulate the spec with this seeded fault (see 'forkcheck list').")
    String mutant;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write the trace of a violation there as JSON, for 'forkcheck replay'.")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    private Spec spec;
    private SpecLoader loaded;
    private PrintWriter o;
    private Map<String, Var> vars;
    private final List<Integer> path = new ArrayList<>();
    /** What each alloc returned, by {@code cpuN.rK}: the spec forgets a result once it is freed. */
    private final Map<String, String> returned = new HashMap<>();

    @Override
    public Integer call() throws IOException {
        if (maxSteps < 1) {
            throw new ParameterException(cmd.commandLine(), "--steps must be at least 1, got " + maxSteps);
        }
        path.clear();
        returned.clear();
        loaded = SpecLoader.load(scenario, mutant);
        spec = loaded.spec();
        o = cmd.commandLine().getOut();
        vars = new HashMap<>();
        spec.layout().vars().forEach(v -> vars.put(v.name(), v));
        long s = seed != null ? seed : new SplittableRandom().nextLong();
        o.printf("forkcheck: simulating scenario %s (%s), spec %s, mutant %s, seed %d (repeat with --seed %d)%n",
                loaded.provenance().scenario(), loaded.provenance().source(), spec.version(), mutant, s, s);
        return walk(new SplittableRandom(s));
    }

    private int walk(SplittableRandom random) throws IOException {
        long[] cur = spec.layout().newState();
        long[] next = spec.layout().newState();
        spec.init(cur);
        Property violated = violated(cur);
        while (violated == null) {
            int[] enabled = enabled(cur);
            if (enabled.length == 0) {
                return spec.isFinal(cur) ? finished() : fail(Explorer.DEADLOCK_FREE,
                        "no CPU can move, but not every CPU has finished");
            }
            if (path.size() == maxSteps) {
                o.printf("Stopped after %d steps (--steps) before every CPU finished; no always-property violated"
                        + " so far.%n", path.size());
                return Main.BOUNDED;
            }
            int a = enabled[random.nextInt(enabled.length)];
            StepInfo info = spec.describe(cur, a);
            spec.step(cur, a, next);
            path.add(a);
            printStep(info, cur, next);
            long[] t = cur;
            cur = next;
            next = t;
            violated = violated(cur);
        }
        return fail(violated, violated.description());
    }

    private int[] enabled(long[] s) {
        List<Integer> out = new ArrayList<>();
        for (int a = 0; a < spec.actionCount(); a++) {
            if (spec.enabled(s, a)) {
                out.add(a);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private Property violated(long[] s) {
        for (Property p : spec.properties()) {
            if (p.kind() == Property.Kind.ALWAYS && !p.predicate().test(s)) {
                return p;
            }
        }
        return null;
    }

    private int finished() {
        o.printf("Simulated %d steps: every CPU finished; no always-property violated.%n", path.size());
        return Main.OK;
    }

    private int fail(Property p, String why) throws IOException {
        Trace t = Trace.of(spec, loaded.provenance(), p.name(), path.stream().mapToInt(Integer::intValue).toArray());
        o.println();
        o.println("Violation of " + p.name() + " after " + path.size() + " steps: " + why);
        CheckCommand.print(t, o);
        if (out != null) {
            Path file = out.resolve(CheckCommand.fileName(loaded, p.name()));
            TraceJson.write(t, file);
            o.println("  Trace written to " + file + " (replay: forkcheck replay " + file + ")");
        }
        return Main.FAILED;
    }

    private void printStep(StepInfo info, long[] before, long[] after) {
        o.printf("  %5d cpu%d %s %s%s%n", path.size(), info.cpu(), info.function(), info.label(),
                info.fault() ? "  [fault injected]" : "");
        String call = returnedCall(info.cpu(), before, after);
        if (call != null) {
            o.println("  => " + call);
        }
    }

    /**
     * The call that {@code cpu} returned from in this step, with its result; null if it did not
     * return. Only the pid allocator's calls are known here; other models' steps print alone.
     */
    private String returnedCall(int cpu, long[] before, long[] after) {
        if (!(spec instanceof PidSpec pid)) {
            return null;
        }
        String c = "cpu" + cpu;
        Var pc = vars.get(c + ".pc");
        String ret = PidLabel.RET.name();
        if (pc.show(before).equals(ret) || !pc.show(after).equals(ret)) {
            return null;
        }
        List<Op> program = pid.scenario().cpus().get(cpu);
        // cpuN.op counts the calls begun, so the one returning is the last of them.
        int k = Integer.parseInt(vars.get(c + ".op").show(after)) - 1;
        Op op = program.get(k);
        if (op instanceof Op.Alloc) {
            String r = c + ".r" + (allocOrdinal(program, k) + 1);
            returned.put(r, vars.get(r).show(after));
            return c + ": alloc_pidmap() = " + returned.get(r);
        }
        if (op instanceof Op.FreeResult r) {
            return c + ": free_pidmap(" + returned.get(c + ".r" + (r.alloc() + 1)) + ")";
        }
        return c + ": free_pidmap(" + ((Op.FreePid) op).pid() + ")";
    }

    private static int allocOrdinal(List<Op> program, int k) {
        int n = 0;
        for (int j = 0; j < k; j++) {
            if (program.get(j) instanceof Op.Alloc) {
                n++;
            }
        }
        return n;
    }
}
