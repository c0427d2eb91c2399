package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    @TempDir
    Path dir;

    private static List<String> calls(Cli r) {
        return r.out().lines().filter(l -> l.startsWith("  => ")).map(l -> l.substring(5)).toList();
    }

    private static long steps(Cli r) {
        return r.out().lines().filter(l -> l.matches(" +\\d+ cpu\\d+ .*")).count();
    }

    @Test
    void oneCpuShowsTheKernelsSequentialBehaviour() throws IOException {
        Path sc = dir.resolve("sequential.scenario");
        Files.writeString(sc, """
                pid_max        16
                bits_per_page  8
                reserved_pids  2
                last_pid       6
                taken          3
                cpu 0          alloc alloc free r1 free 3 alloc
                """);
        Cli r = Cli.run("simulate", sc.toString());
        assertEquals(Main.OK, r.code(), r.all());
        // last_pid + 1, then the first pid of page 1 (installed on the way), then on from last_pid.
        assertEquals(List.of("cpu0: alloc_pidmap() = 7", "cpu0: alloc_pidmap() = 8", "cpu0: free_pidmap(7)",
                "cpu0: free_pidmap(3)", "cpu0: alloc_pidmap() = 9"), calls(r), r.all());
        assertTrue(r.out().strip().endsWith("every CPU finished; no always-property violated."), r.all());
    }

    @Test
    void printsTheSeedAndTheSameSeedRepeatsTheWalk() {
        Cli first = Cli.run("simulate", "pidrace-2x2");
        assertEquals(Main.OK, first.code(), first.all());
        Matcher m = Pattern.compile("seed (-?\\d+) \\(repeat with --seed \\1\\)").matcher(first.out());
        assertTrue(m.find(), first.all());
        Cli again = Cli.run("simulate", "pidrace-2x2", "--seed", m.group(1));
        assertEquals(first.out(), again.out());
    }

    @Test
    void differentSeedsTakeDifferentWalks() {
        Set<List<String>> walks = new HashSet<>();
        for (int seed = 0; seed < 8; seed++) {
            Cli r = Cli.run("simulate", "pidrace-2x2", "--seed", Integer.toString(seed));
            assertEquals(Main.OK, r.code(), r.all());
            walks.add(r.out().lines().skip(1).toList());
        }
        assertTrue(walks.size() > 1, "eight seeds, one walk: the choice is not random");
    }

    @Test
    void everyWalkOfTheRealSpecFinishesEveryCall() {
        for (int seed = 0; seed < 20; seed++) {
            Cli r = Cli.run("simulate", "pidrace-3x2-free", "--seed", Integer.toString(seed));
            assertEquals(Main.OK, r.code(), r.all());
            assertEquals(12, calls(r).size(), "three CPUs, four calls each: " + r.all());
            assertEquals(6, calls(r).stream().filter(c -> c.contains("free_pidmap(")).count(), r.all());
        }
    }

    @Test
    void mutantViolationExitsOneWithAReplayableTrace() {
        Cli r = Cli.run("simulate", "pidrace-2x2", "--mutant", "drop-atomic-dec", "--seed", "7", "--out",
                dir.toString());
        assertEquals(Main.FAILED, r.code(), r.all());
        assertTrue(r.out().contains("Violation of nr-free-exact after "), r.all());
        assertTrue(r.out().contains("  State 0: initial (scenario pidrace-2x2, mutant drop-atomic-dec)"), r.all());
        Path trace = dir.resolve("pidrace-2x2--drop-atomic-dec--nr-free-exact.json");
        Cli replay = Cli.run("replay", "--quiet", trace.toString());
        assertEquals(Main.OK, replay.code(), replay.all());
    }

    @Test
    void deadlockIsAViolation() {
        int deadlocks = 0;
        for (int seed = 0; seed < 40; seed++) {
            Cli r = Cli.run("simulate", "pidrace-2x2", "--mutant", "drop-spin-unlock", "--seed", Integer.toString(seed));
            if (r.code() == Main.FAILED) {
                assertTrue(r.out().contains("Violation of deadlock-free after ")
                        && r.out().contains("no CPU can move, but not every CPU has finished"), r.all());
                deadlocks++;
            } else {
                assertEquals(Main.OK, r.code(), r.all());
            }
        }
        // The lock stays held after the first install: a walk deadlocks if another install comes after it.
        assertTrue(deadlocks > 0, "no walk of 40 deadlocked without spin_unlock");
    }

    @Test
    void stepBoundExitsThree() {
        Cli r = Cli.run("simulate", "pidrace", "--steps", "3", "--seed", "1");
        assertEquals(Main.BOUNDED, r.code(), r.all());
        assertEquals(3, steps(r), r.all());
        assertTrue(r.out().contains("Stopped after 3 steps"), r.all());
    }

    @Test
    void nonPositiveStepsIsAUsageError() {
        Cli r = Cli.run("simulate", "--steps", "0");
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("--steps must be at least 1"), r.all());
    }
}
