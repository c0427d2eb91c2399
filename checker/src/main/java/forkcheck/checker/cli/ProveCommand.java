package forkcheck.checker.cli;

import forkcheck.checker.SpecLoader;
import forkcheck.checker.z3.prove.AuxInvariant;
import forkcheck.checker.z3.prove.CtiText;
import forkcheck.checker.z3.prove.Outcome;
import forkcheck.checker.z3.prove.ProveJson;
import forkcheck.checker.z3.prove.Prover;
import forkcheck.checker.z3.prove.StepProver;
import forkcheck.checker.z3.prove.fork.ForkProver;
import forkcheck.checker.z3.prove.fork.Mining;
import forkcheck.checker.z3.fork.ForkEncoding;
import forkcheck.spec.BadInputException;
import forkcheck.spec.Spec;
import forkcheck.spec.fork.ForkScenario;
import forkcheck.spec.fork.ForkSpec;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Scenarios;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Prove with Z3 that every step preserves every invariant, over every state of the scenario's"
                + " layout (not only the reachable ones): Inv(s) and Step(s,s') imply Inv(s'). Exit 0 if every"
                + " obligation is proved, 1 if one has a counterexample to induction or is unknown, 2 on bad input.",
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck prove                              # the default scenario, " + Scenarios.DEFAULT,
            "  forkcheck prove fork-one                     # a whole fork scenario, mined invariants and all",
            "  forkcheck prove free-race --property alloc-fails-only-when-full",
            "  forkcheck prove pidrace-2x2 --mutant drop-atomic-dec --label TEST_AND_SET_BIT"})
final class ProveCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = Scenarios.DEFAULT, paramLabel = "SCENARIO",
            description = "A scenario file, or a built-in scenario's name (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--mutant", defaultValue = "none", paramLabel = "NAME",
            description = "Prove the spec with this seeded fault (see 'forkcheck list').")
    String mutant;

    @Option(names = "--property", paramLabel = "NAME",
            description = "Only the obligations of this invariant: the spec's, an auxiliary one, stays-in-model or"
                    + " deadlock-free (repeatable).")
    List<String> properties;

    @Option(names = "--label", paramLabel = "NAME",
            description = "Only the obligations of the steps from this label, BEGIN, INIT or PROGRESS (repeatable).")
    List<String> labels;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Z3's time limit per query, in seconds (default: ${DEFAULT-VALUE}). On the fork model an"
                    + " obligation Z3 gives up on is asked again, by CPU and by current task, each query with this limit.")
    int timeoutSeconds;

    @Option(names = "--mining", paramLabel = "MODE", defaultValue = "pairs",
            description = "Fork model: what to read off the reachable states and prune (Houdini) to strengthen the"
                    + " invariants: pairs (the values of each column, and of each relation between columns the"
                    + " templates name, in each control state of a task or a CPU, and in each pair of them), controls"
                    + " (in each control state alone: fewer candidates, and weaker),"
                    + " or none (the spec's invariants alone: expect counterexamples to induction in states no run"
                    + " reaches). Default: ${DEFAULT-VALUE}.")
    Mining mining;

    @Option(names = "--explain-drops", paramLabel = "FILE",
            description = "Fork model: write to FILE, for each state Houdini drops mined candidates from, how it differs"
                    + " from the nearest reachable state and which candidates its step breaks (for tuning the templates).")
    Path explainDrops;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the table as JSON.")
    Path json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        if (timeoutSeconds <= 0) {
            throw new BadInputException("--timeout must be a positive number of seconds, got " + timeoutSeconds);
        }
        Spec loaded = SpecLoader.load(scenario, mutant).spec();
        PrintWriter o = cmd.commandLine().getOut();
        long t0 = System.nanoTime();
        try (StepProver prover = proverFor(loaded, mining, cmd.commandLine().getParseResult().hasMatchedOption("--mining"));
                PrintWriter drops = explainTo(prover)) {
            List<String> targets = pick("--property", properties, prover.targets());
            List<String> steps = pick("--label", labels, prover.steps());
            o.printf("forkcheck prove: scenario %s, model %s, spec %s, mutant %s%n", loaded.scenarioName(),
                    loaded.model().name(), loaded.version(), mutant);
            if (loaded instanceof ForkSpec && mining == Mining.NONE) {
                o.printf("  obligations Inv(s) and Step(s,s') => I(s'), over every state of the layout, for %d invariants"
                        + " of the spec; no auxiliary invariants (--mining none), so expect counterexamples to induction in"
                        + " states the search does not reach%n", prover.targets().size());
            } else if (loaded instanceof ForkSpec) {
                o.printf("  obligations (Inv and Aux)(s) and Step(s,s') => I(s'), over every state of the layout, for %d"
                        + " invariants of the spec; Aux: %d candidates mined from the reachable states (the values each"
                        + " column, and each relation between columns the templates name, takes everywhere and in each"
                        + " control state of a task or a CPU%s), pruned by Houdini"
                        + " over the steps asked for; '%s' is each step's obligation of those kept%n", prover.targets().size(),
                        prover.auxiliary().size(), mining == Mining.PAIRS ? " or pair of them" : "", ForkProver.MINED);
            } else {
                o.printf("  obligations (Inv and Aux)(s) and Step(s,s') => I(s'), over every state of the layout, for %d"
                        + " invariants of the spec and %d auxiliary; stays-in-model and deadlock-free%n",
                        prover.targets().size() - prover.auxiliary().size() - 2, prover.auxiliary().size());
                for (AuxInvariant a : prover.auxiliary()) {
                    o.printf("    aux %-24s %s%n", a.name(), a.description());
                }
            }
            PrintWriter err = cmd.commandLine().getErr();
            prover.progress(line -> {
                err.println("  [" + Math.round((System.nanoTime() - t0) / 1e9) + "s] " + line);
                err.flush();
            });
            List<Outcome> outcomes = prover.prove(steps, targets, timeoutSeconds * 1000);
            double total = (System.nanoTime() - t0) / 1e9;
            for (Outcome r : outcomes) {
                if (r.status() == Outcome.Status.CTI) {
                    o.println();
                    o.print(CtiText.show(loaded, r));
                }
            }
            o.println();
            table(o, outcomes, total);
            List<AuxInvariant> kept = prover.auxiliary();
            if (loaded instanceof ForkSpec && mining != Mining.NONE) {
                o.printf("%d mined auxiliary invariants kept%s%n", kept.size(),
                        json == null ? " (--json lists them)" : ", listed in " + json);
            }
            if (json != null) {
                try {
                    ProveJson.write(json, loaded, mutant, outcomes, kept, total);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return outcomes.stream().allMatch(r -> r.status() == Outcome.Status.PROVED) ? Main.OK : Main.FAILED;
        }
    }

    /** The file {@code --explain-drops} names, open, the prover writing to it; null without the option. */
    private PrintWriter explainTo(StepProver prover) {
        if (explainDrops == null) {
            return null;
        }
        if (!(prover instanceof ForkProver fork) || mining == Mining.NONE) {
            throw new BadInputException("--explain-drops is for the fork model's mined candidates, and not with --mining none");
        }
        try {
            PrintWriter w = new PrintWriter(Files.newBufferedWriter(explainDrops));
            fork.explainDrops(text -> {
                w.print(text);
                w.flush();
            });
            return w;
        } catch (IOException e) {
            throw new BadInputException("--explain-drops: cannot write " + explainDrops + ": " + e.getMessage());
        }
    }

    private static StepProver proverFor(Spec loaded, Mining mining, boolean asked) {
        if (loaded instanceof PidSpec pid) {
            if (asked) {
                throw new BadInputException("--mining is for the fork model; the pidmap model's auxiliary invariants"
                        + " are written, not mined");
            }
            return new Prover(pid);
        }
        if (loaded instanceof ForkSpec fork) {
            ForkScenario sc = fork.scenario();
            if ((long) sc.pidmapEntries() * sc.bitsPerPage() > ForkEncoding.MAX_PIDMAP_BITS) {
                throw new BadInputException("prove: scenario " + sc.name() + " has a pidmap of " + sc.pidmapEntries() + " x "
                        + sc.bitsPerPage() + " bits; the fork model's Z3 encoding takes at most " + ForkEncoding.MAX_PIDMAP_BITS
                        + ": prove it with a smaller pid_max and BITS_PER_PAGE");
            }
            return new ForkProver(fork, mining);
        }
        throw new BadInputException("prove knows the pidmap and fork models; scenario " + loaded.scenarioName()
                + " is of model " + loaded.model().name());
    }

    private static List<String> pick(String option, List<String> chosen, List<String> known) {
        if (chosen == null) {
            return known;
        }
        for (String c : chosen) {
            if (!known.contains(c)) {
                throw new BadInputException("unknown " + option.substring(2) + " '" + c + "' (known: "
                        + String.join(", ", known) + ")");
            }
        }
        return known.stream().filter(chosen::contains).toList();
    }

    private static void table(PrintWriter o, List<Outcome> outcomes, double total) {
        o.printf("  %-18s %-31s %-21s %9s%n", "STEP", "INVARIANT", "RESULT", "TIME");
        for (Outcome r : outcomes) {
            String result = switch (r.status()) {
                case PROVED -> r.noStep() ? "proved (no such step)" : "proved";
                case CTI -> r.cti().reachable() == Boolean.TRUE ? "CTI (reachable)" : "CTI";
                case UNKNOWN -> "unknown: " + r.reason();
            };
            String name = r.obligation().target() + (r.obligation().auxiliary() ? " (aux)" : "");
            o.printf(Locale.ROOT, "  %-18s %-31s %-21s %8.3fs%n", r.obligation().step(), name, result, r.seconds());
        }
        double[] t = outcomes.stream().mapToDouble(Outcome::seconds).sorted().toArray();
        long proved = outcomes.stream().filter(r -> r.status() == Outcome.Status.PROVED).count();
        long ctis = outcomes.stream().filter(r -> r.status() == Outcome.Status.CTI).count();
        long vacuous = outcomes.stream().filter(Outcome::noStep).count();
        o.printf(Locale.ROOT, "%d obligations: %d proved (%d with no such step), %d CTI, %d unknown; per obligation min"
                + " %.3fs, median %.3fs, max %.3fs; Z3 %.1fs, total %.1fs%n", t.length, proved, vacuous, ctis,
                t.length - proved - ctis,
                t.length == 0 ? 0 : t[0], t.length == 0 ? 0 : t[t.length / 2], t.length == 0 ? 0 : t[t.length - 1],
                Arrays.stream(t).sum(), total);
    }
}
