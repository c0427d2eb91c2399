package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.checker.trace.Trace;
import forkcheck.checker.trace.TraceJson;
import forkcheck.checker.trace.TraceStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    @TempDir
    Path dir;

    private Path trace;

    @BeforeEach
    void recordFreeRace() {
        Cli r = Cli.run("check", "free-race", "--out", dir.toString(), "--workers", "1");
        assertEquals(Main.FAILED, r.code(), r.all());
        trace = dir.resolve("free-race--alloc-fails-only-when-full.json");
    }

    @Test
    void printsEveryStepAndTheVerdict() {
        int steps = TraceJson.read(trace).steps().size();
        Cli r = Cli.run("replay", trace.toString());
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("  State 0: initial (scenario free-race)"), r.all());
        assertTrue(r.out().contains("  Step " + steps + ": cpu0 alloc_pidmap "), r.all());
        assertTrue(r.out().strip().endsWith("replayed " + steps + " steps: ok, the final state violates"
                + " alloc-fails-only-when-full"), r.all());
    }

    @Test
    void quietPrintsOnlyTheVerdict() {
        Cli r = Cli.run("replay", "--quiet", trace.toString());
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().startsWith("replayed "), r.all());
        assertEquals(1, r.out().lines().count(), r.all());
    }

    @Test
    void tamperedTraceExitsOneNamingTheStep() throws IOException {
        Trace t = TraceJson.read(trace);
        // Make the trace claim that cpu1 (action 2) took cpu0's first step.
        TraceStep first = t.steps().stream().filter(s -> s.info().cpu() == 0).findFirst().orElseThrow();
        List<TraceStep> steps = new ArrayList<>(t.steps());
        steps.set(first.index() - 1, new TraceStep(first.index(), 2, first.info(), first.changes(), first.fingerprint()));
        TraceJson.write(new Trace(t.specVersion(), t.scenario(), t.scenarioSource(), t.scenarioText(), t.mutant(),
                t.property(), t.initial(), t.initialFingerprint(), steps), trace);
        Cli r = Cli.run("replay", "--quiet", trace.toString());
        assertEquals(Main.FAILED, r.code(), r.all());
        assertTrue(r.out().startsWith("replay FAILED: " + trace + ": diverged at step " + first.index() + ": "),
                r.all());
    }

    @Test
    void malformedJsonIsBadInputNamingTheFile() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{ \"format\": 1, ");
        Cli r = Cli.run("replay", bad.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().startsWith("forkcheck: " + bad + ": not JSON"), r.all());
    }

    @Test
    void traceOfAnotherSpecVersionIsBadInput() throws IOException {
        Files.writeString(trace, Files.readString(trace).replaceFirst("\"specVersion\" : \"[^\"]*\"",
                "\"specVersion\" : \"pidmap-0\""));
        Cli r = Cli.run("replay", trace.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("spec version pidmap-0"), r.all());
    }

    @Test
    void missingFileIsBadInput() {
        Cli r = Cli.run("replay", dir.resolve("none.json").toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("none.json: cannot read"), r.all());
    }
}
