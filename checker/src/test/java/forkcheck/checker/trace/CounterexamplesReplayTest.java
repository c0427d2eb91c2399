package forkcheck.checker.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every committed counterexample still replays: a change to the spec that alters one of the
 * findings fails here, naming the trace and its first diverging step, until the trace is
 * recorded again.
 */
class CounterexamplesReplayTest {
    /** Surefire runs in the module's directory, checker/; the traces live at the repository's top. */
    private static final Path DIR = Path.of("..", "counterexamples");

    @TestFactory
    Stream<DynamicTest> everyCommittedTraceReplays() throws IOException {
        assertTrue(Files.isDirectory(DIR), DIR.toAbsolutePath() + " is missing");
        List<Path> traces;
        try (Stream<Path> files = Files.list(DIR)) {
            // An .itf.json beside a trace (check --format both) is an export, not a trace to replay.
            traces = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.endsWith(".itf.json")).sorted().map(DIR::resolve).toList();
        }
        assertFalse(traces.isEmpty(), DIR.toAbsolutePath() + " has no *.json trace");
        return traces.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Replayer.Outcome r = Replayer.replay(f);
            assertTrue(r.ok(), r.message());
        }));
    }
}
