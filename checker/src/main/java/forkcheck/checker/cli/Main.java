package forkcheck.checker.cli;

import forkcheck.spec.BadInputException;
import forkcheck.spec.Model;
import forkcheck.spec.Models;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code forkcheck}: the command line.
 *
 * <p>Exit codes: 0 every property holds and every sometimes-property was reached; 1 a property
 * failed; 2 bad input or usage; 3 a bound ended the run first; 4 an internal error.
 */
@Command(name = "forkcheck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Model checker for Linux 2.6.11 process creation.",
        subcommands = {
            CheckCommand.class,
            TheoremsCommand.class,
            ProveCommand.class,
            ReplayCommand.class,
            ShowCommand.class,
            SimulateCommand.class,
            MutantsCommand.class,
            DocCommand.class,
            ListCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:every property holds, every sometimes-property reached",
            " 1:a property is violated, or a sometimes-property never reached",
            " 2:bad input or usage",
            " 3:a bound (states, depth, time, memory) ended the run first",
            " 4:internal error"})
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int BOUNDED = 3;
    public static final int INTERNAL = 4;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // added here rather than in @Command's list, which other commands' branches also extend
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BadInputException) {
                cmd.getErr().println("forkcheck: " + e.getMessage());
                return BAD_INPUT;
            }
            cmd.getErr().println("forkcheck: internal error: " + e);
            e.printStackTrace(cmd.getErr());
            return INTERNAL;
        });
        cl.registerConverter(java.time.Duration.class, Units::duration);
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            String specs = String.join(", ", Models.all().stream().map(Model::version).toList());
            return new String[] {"forkcheck " + (v == null ? "dev" : v) + ", spec " + specs};
        }
    }
}
