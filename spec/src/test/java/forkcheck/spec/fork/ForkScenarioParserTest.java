package forkcheck.spec.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import forkcheck.spec.scenario.ScenarioException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A fork scenario that cannot be checked names the file, the line and the field at fault. */
class ForkScenarioParserTest {
    private static final String GOOD = String.join("\n",
            "model          fork",
            "cpus           2",
            "slots          4",
            "pid_max        8",
            "bits_per_page  8",
            "reserved_pids  2",
            "max_threads    8",
            "task init      pid 1 cpu 0",
            "task sh        pid 2 parent init cpu 1 user 1 nproc 3",
            "run  init      fork:a wait",
            "run  a         exit",
            "run  sh        clone:VM|SIGHAND|THREAD",
            "cpu 0          init",
            "cpu 1          sh",
            "");

    @Test
    void aGoodScenarioParses() {
        ForkScenario sc = ForkScenarioParser.parse("good.scenario", GOOD);
        assertEquals(3, sc.tasks().size());
        assertEquals("swapper", sc.tasks().get(0).name());
        assertEquals(2, sc.lastPid());
        assertEquals("clone(CLONE_VM|CLONE_SIGHAND|CLONE_THREAD)", sc.programs().get("sh").get(0).toString());
        assertEquals("fork:a", sc.programs().get("init").get(0).toString());
        assertEquals(java.util.Arrays.asList("init", "sh"), sc.running());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "task init      pid 1 cpu 0 ; task init      pid 1 cpu 9 ; bad.scenario:8: task init: 9 is out of range 0..1",
        "task sh        pid 2 parent init cpu 1 user 1 nproc 3 ; task sh pid 1 parent init cpu 1 ; bad.scenario:9: task sh: pid 1 is already init's",
        "run  sh        clone:VM|SIGHAND|THREAD ; run  sh clone:VM|BOGUS ; bad.scenario:12: run sh: unknown clone flag 'BOGUS'",
        "run  a         exit ; run  a         exit now ; bad.scenario:11: run a: unknown operation 'now'",
        "run  init      fork:a wait ; run  init      fork:init wait ; bad.scenario:10: run init: child name 'init' is already used",
        "cpu 1          sh ; cpu 1          init ; bad.scenario:14: cpu 1: init is on cpu 0's runqueue",
        "model          fork ; model          pidmap ; bad.scenario:1: model: a fork scenario says 'model fork'",
        "slots          4 ; slots          2 ; bad.scenario:3: slots: 2 is out of range 3..16",
        "max_threads    8 ; max_thread     8 ; bad.scenario:7: max_thread: unknown field",
    })
    void aBadLineIsNamed(String line, String replacement, String message) {
        String text = GOOD.replace(findLine(line), replacement);
        ScenarioException e = assertThrows(ScenarioException.class, () -> ForkScenarioParser.parse("bad.scenario", text));
        assertEquals(true, e.getMessage().startsWith(message), e.getMessage() + "\n  does not start with\n" + message);
    }

    @Test
    void anUnknownFaultAndAnUnknownFixAreNamed() {
        ScenarioException f = assertThrows(ScenarioException.class,
                () -> ForkScenarioParser.parse("x", GOOD + "faults kmalloc\n"));
        assertEquals(true, f.getMessage().startsWith("x:15: faults: unknown fault site 'kmalloc'"), f.getMessage());
        ScenarioException g = assertThrows(ScenarioException.class,
                () -> ForkScenarioParser.parse("x", GOOD + "fixes none\n"));
        assertEquals(true, g.getMessage().startsWith("x:15: fixes: unknown fix 'none'"), g.getMessage());
    }

    @Test
    void aProgramForNobodyIsNamed() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ForkScenarioParser.parse("x", GOOD + "run ghost exit\n"));
        assertEquals(true, e.getMessage().startsWith("x:15: run ghost: 'ghost' is neither a task nor a child"),
                e.getMessage());
    }

    /** The line of GOOD that starts like {@code line}, whatever its spacing. */
    private static String findLine(String line) {
        String want = line.strip().replaceAll("\\s+", " ");
        for (String l : GOOD.split("\n")) {
            if (l.replaceAll("\\s+", " ").equals(want)) {
                return l;
            }
        }
        throw new AssertionError("no line " + line);
    }
}
