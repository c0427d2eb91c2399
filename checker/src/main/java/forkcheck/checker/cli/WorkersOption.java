package forkcheck.checker.cli;

import picocli.CommandLine.Option;

/** {@code --workers N}, shared by the commands that explore; the default is the machine's cores. */
final class WorkersOption {
    @Option(names = "--workers", paramLabel = "N", description = "Worker threads (default: the cores).")
    Integer workers;

    int count() {
        return workers == null ? Runtime.getRuntime().availableProcessors() : workers;
    }
}
