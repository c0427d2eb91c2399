package forkcheck.checker.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.checker.SpecLoader;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.checker.engine.Verdict;
import forkcheck.spec.pid.PidSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayerTest {
    @TempDir
    Path dir;

    /** The shortest trace the explorer finds for {@code property}, which must be violated. */
    static Trace violation(String scenario, String mutant, String property) {
        SpecLoader loaded = SpecLoader.load(scenario, mutant);
        Result r = Explorer.explore(loaded.spec(), Options.defaults().withWorkers(2).withKeepGoing(true));
        Verdict v = r.verdicts().stream().filter(x -> x.property().name().equals(property)).findFirst().orElseThrow();
        assertEquals(Verdict.Status.VIOLATED, v.status(), scenario + " --mutant " + mutant + ": " + property);
        return Trace.of(loaded.spec(), loaded.provenance(), property, v.path());
    }

    private Trace roundTrip(Trace t) throws IOException {
        Path file = dir.resolve("trace.json");
        TraceJson.write(t, file);
        return TraceJson.read(file);
    }

    private Replayer.Outcome replay(Trace t) {
        return Replayer.replay("test.json", t);
    }

    @Test
    void freeRaceFindingReplaysFromJson() throws IOException {
        Trace t = roundTrip(violation("free-race", "none", "alloc-fails-only-when-full"));
        Replayer.Outcome r = Replayer.replay(dir.resolve("trace.json"));
        assertTrue(r.ok(), r.message());
        assertEquals(t.steps().size(), r.step());
        assertEquals("the final state violates alloc-fails-only-when-full", r.message());
        assertEquals(t, r.replayed(), "the spec's own description of the steps is what the file recorded");
    }

    @Test
    void mutantTraceReplays() throws IOException {
        Trace t = roundTrip(violation("pidrace-2x2", "drop-atomic-dec", "nr-free-exact"));
        assertEquals("drop-atomic-dec", t.mutant());
        Replayer.Outcome r = replay(t);
        assertTrue(r.ok(), r.message());
        assertEquals(t, r.replayed());
    }

    @Test
    void deadlockTraceReplays() throws IOException {
        Trace t = roundTrip(violation("pidrace-2x2", "drop-spin-unlock", Explorer.DEADLOCK_FREE.name()));
        Replayer.Outcome r = replay(t);
        assertTrue(r.ok(), r.message());
        assertEquals("the final state violates deadlock-free", r.message());
    }

    @Test
    void mutantTraceDoesNotReplayWithoutTheMutant() throws IOException {
        Trace t = roundTrip(violation("pidrace-2x2", "drop-atomic-dec", "nr-free-exact"));
        Trace real = new Trace(t.specVersion(), t.scenario(), t.scenarioSource(), t.scenarioText(), "none",
                t.property(), t.initial(), t.initialFingerprint(), t.steps());
        Replayer.Outcome r = replay(real);
        assertFalse(r.ok());
        // The mutant skips atomic_dec: its first successful test_and_set_bit goes straight to last_pid = pid.
        int k = t.steps().stream().filter(s -> s.info().label().equals("TEST_AND_SET_BIT")).findFirst().orElseThrow()
                .index();
        assertEquals(k, r.step(), r.message());
        assertTrue(r.message().contains("fingerprint differs"), r.message());
        assertTrue(r.message().contains("first difference from the trace's record: cpu" + t.steps().get(k - 1).info()
                .cpu() + ".pc: trace says TEST_AND_SET_BIT -> LAST_PID_WRITE, spec gives TEST_AND_SET_BIT -> ATOMIC_DEC"),
                r.message());
    }

    @Test
    void tamperedFingerprintDivergesAtThatStep() throws IOException {
        Trace t = roundTrip(violation("free-race", "none", "alloc-fails-only-when-full"));
        int k = (t.steps().size() + 1) / 2;
        Replayer.Outcome r = replay(withStep(t, k, s -> new TraceStep(s.index(), s.action(), s.info(), s.changes(),
                s.fingerprint() ^ 1)));
        assertFalse(r.ok());
        assertEquals(k, r.step());
        assertTrue(r.message().startsWith("test.json: diverged at step " + k + ": fingerprint differs: trace says "),
                r.message());
        // The spec's own changes at that step are shown, so a person sees what the step does now.
        Change first = t.steps().get(k - 1).changes().get(0);
        assertTrue(r.message().contains("the spec's step changed " + first.var() + ": " + first.before() + " -> "
                + first.after()), r.message());
        assertEquals(k - 1, r.replayed().steps().size(), "the steps before the divergence replayed");
    }

    @Test
    void actionOfAnotherCpuDivergesAtThatStep() throws IOException {
        Trace t = roundTrip(violation("free-race", "none", "alloc-fails-only-when-full"));
        for (TraceStep s : t.steps()) {
            int otherCpuAction = 2 * (1 - s.info().cpu());
            Replayer.Outcome r = replay(withStep(t, s.index(), x -> new TraceStep(x.index(), otherCpuAction, x.info(),
                    x.changes(), x.fingerprint())));
            assertFalse(r.ok(), "step " + s.index());
            assertEquals(s.index(), r.step(), r.message());
            assertTrue(r.message().contains("diverged at step " + s.index() + ": "), r.message());
        }
    }

    @Test
    void tamperedChangeNamesTheVariable() throws IOException {
        Trace t = roundTrip(violation("free-race", "none", "alloc-fails-only-when-full"));
        int k = t.steps().stream().filter(s -> s.info().label().equals("LAST_PID_READ")).findFirst().orElseThrow()
                .index();
        Replayer.Outcome r = replay(withStep(t, k, s -> new TraceStep(s.index(), s.action(), s.info(),
                s.changes().stream().map(c -> c.var().equals("cpu0.last") ? new Change(c.var(), c.before(), "6") : c)
                        .toList(), s.fingerprint())));
        assertFalse(r.ok());
        assertEquals(k, r.step());
        assertTrue(r.message().endsWith("the recorded changes differ from the spec's: cpu0.last: trace says 0 -> 6,"
                + " spec gives 0 -> 7"), r.message());
    }

    @Test
    void tamperedInitialStateDivergesAtStepZero() throws IOException {
        Trace t = roundTrip(violation("free-race", "none", "alloc-fails-only-when-full"));
        List<Change> initial = t.initial().stream().map(c -> c.var().equals("last_pid") ? new Change(c.var(), "", "6")
                : c).toList();
        Replayer.Outcome r = replay(new Trace(t.specVersion(), t.scenario(), t.scenarioSource(), t.scenarioText(),
                t.mutant(), t.property(), initial, t.initialFingerprint(), t.steps()));
        assertFalse(r.ok());
        assertEquals(0, r.step());
        assertTrue(r.message().contains("initial state") && r.message().contains("last_pid: trace says 6, spec gives 7"),
                r.message());
    }

    @Test
    void truncatedTraceDoesNotEndInAViolation() throws IOException {
        Trace t = roundTrip(violation("free-race", "none", "alloc-fails-only-when-full"));
        int n = t.steps().size() - 1;
        Replayer.Outcome r = replay(new Trace(t.specVersion(), t.scenario(), t.scenarioSource(), t.scenarioText(),
                t.mutant(), t.property(), t.initial(), t.initialFingerprint(), t.steps().subList(0, n)));
        assertFalse(r.ok());
        assertEquals(n, r.step());
        assertTrue(r.message().contains("does not violate alloc-fails-only-when-full"), r.message());
    }

    @Test
    void otherSpecVersionIsRefused() throws IOException {
        Trace t = roundTrip(violation("free-race", "none", "alloc-fails-only-when-full"));
        Trace old = new Trace("pidmap-0", t.scenario(), t.scenarioSource(), t.scenarioText(), t.mutant(),
                t.property(), t.initial(), t.initialFingerprint(), t.steps());
        assertNotEquals(PidSpec.VERSION, old.specVersion());
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> replay(old));
        assertTrue(e.getMessage().startsWith("test.json: "), e.getMessage());
        assertTrue(e.getMessage().contains("pidmap-0") && e.getMessage().contains(PidSpec.VERSION), e.getMessage());
    }

    @Test
    void unknownPropertyIsRefused() throws IOException {
        Trace t = roundTrip(violation("free-race", "none", "alloc-fails-only-when-full"));
        Trace bad = new Trace(t.specVersion(), t.scenario(), t.scenarioSource(), t.scenarioText(), t.mutant(),
                "pid-unqiue", t.initial(), t.initialFingerprint(), t.steps());
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> replay(bad));
        assertTrue(e.getMessage().contains("'pid-unqiue'") && e.getMessage().contains("pid-unique"), e.getMessage());
    }

    @Test
    void unknownMutantIsRefused() throws IOException {
        Trace t = roundTrip(violation("free-race", "none", "alloc-fails-only-when-full"));
        Trace bad = new Trace(t.specVersion(), t.scenario(), t.scenarioSource(), t.scenarioText(), "drop-everything",
                t.property(), t.initial(), t.initialFingerprint(), t.steps());
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> replay(bad));
        assertTrue(e.getMessage().startsWith("test.json: ") && e.getMessage().contains("'drop-everything'"),
                e.getMessage());
    }

    @Test
    void malformedJsonNamesTheFile() throws IOException {
        Path file = dir.resolve("broken-trace.json");
        Files.writeString(file, "{\"format\": 1, \"steps\": [");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Replayer.replay(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @Test
    void specVersionEditedInTheFileIsRefused() throws IOException {
        roundTrip(violation("free-race", "none", "alloc-fails-only-when-full"));
        Path file = dir.resolve("trace.json");
        String json = Files.readString(file);
        String edited = json.replace("\"specVersion\" : \"" + PidSpec.VERSION + "\"", "\"specVersion\" : \"pidmap-999\"");
        assertNotEquals(json, edited);
        Files.writeString(file, edited);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Replayer.replay(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains("pidmap-999"), e.getMessage());
    }

    static Trace withStep(Trace t, int index, UnaryOperator<TraceStep> edit) {
        List<TraceStep> steps = new ArrayList<>(t.steps());
        steps.set(index - 1, edit.apply(steps.get(index - 1)));
        return new Trace(t.specVersion(), t.scenario(), t.scenarioSource(), t.scenarioText(), t.mutant(), t.property(),
                t.initial(), t.initialFingerprint(), List.copyOf(steps));
    }
}
