package forkcheck.checker.z3.prove.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which cases {@link RowStep#split} asks a query of, and what it concludes from their answers. */
class RowStepTest {
    private final Context ctx = new Context();
    /** Two CPUs; action 1 (CPU 0 failing) has no step of the row; rq.curr takes three values. */
    private final RowStep step = RowStep.of(ctx, "ROW", 0,
            Arrays.asList(ctx.mkBoolConst("r0"), null, ctx.mkBoolConst("r2"), ctx.mkBoolConst("r3")), Set.of(),
            Map.of(0, currents(0), 1, currents(1)));
    private final Map<String, Status> answers = new HashMap<>();
    private final List<String> asked = new ArrayList<>();

    @AfterEach
    void close() {
        ctx.close();
    }

    private List<BoolExpr> currents(int cpu) {
        return List.of(0, 1, 2).stream().map(v -> ctx.mkBoolConst("rq" + cpu + ".curr=" + v)).toList();
    }

    private Status ask(BoolExpr[] taking) {
        String c = Arrays.stream(taking).map(e -> e.toString().replace("|", "")).collect(Collectors.joining(" "));
        asked.add(c);
        return answers.getOrDefault(c, Status.UNSATISFIABLE);
    }

    private void unknown(String... cases) {
        for (String c : cases) {
            answers.put(c, Status.UNKNOWN);
        }
    }

    private String action(int a) {
        return "takes:ROW#0:" + a;
    }

    @Test
    void aRowZ3DecidesIsAskedOnce() {
        assertEquals(Status.UNSATISFIABLE, step.split(this::ask));
        assertEquals(List.of("takes:ROW#0"), asked);
    }

    @Test
    void whatZ3GivesUpOnIsAskedOfEachActionThenOfEachTaskCurrentOnItsCpu() {
        unknown("takes:ROW#0", action(0), action(3));
        assertEquals(Status.UNSATISFIABLE, step.split(this::ask));
        assertEquals(List.of("takes:ROW#0",
                action(0), action(0) + " rq0.curr=0", action(0) + " rq0.curr=1", action(0) + " rq0.curr=2",
                action(2),
                action(3), action(3) + " rq1.curr=0", action(3) + " rq1.curr=1", action(3) + " rq1.curr=2"), asked);
    }

    @Test
    void aCaseZ3GivesUpOnLeavesTheRowUnknownWhateverTheOthersSay() {
        unknown("takes:ROW#0", action(0), action(0) + " rq0.curr=1");
        assertEquals(Status.UNKNOWN, step.split(this::ask));
        assertTrue(asked.containsAll(List.of(action(0) + " rq0.curr=2", action(2), action(3))), asked.toString());
    }

    @Test
    void aModelOfOneCaseIsOneOfTheRowAndEndsTheQuestion() {
        unknown("takes:ROW#0", action(0), action(0) + " rq0.curr=0");
        answers.put(action(0) + " rq0.curr=1", Status.SATISFIABLE);
        assertEquals(Status.SATISFIABLE, step.split(this::ask));
        assertEquals(action(0) + " rq0.curr=1", asked.get(asked.size() - 1));
    }

    @Test
    void theRowImpliesSomeActionAndEachActionItsRelation() {
        assertEquals(Set.of(0, 2, 3), step.actions().keySet());
        assertEquals(4, step.facts().size());
        assertTrue(step.facts().get(3).toString().contains("takes:ROW#0:2"), step.facts().get(3).toString());
    }
}
