package forkcheck.checker.z3.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Scenarios;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The auxiliary invariants hold in every reachable state: they strengthen the spec's invariants
 * without excluding anything a run can do. (This is also what keeps the obligations from being
 * proved vacuously: the reachable states satisfy their hypothesis.)
 */
class AuxInvariantsTest {
    @ParameterizedTest
    @ValueSource(strings = {"pidrace", "free-race", "last-pid-free", "wrap", "page-fault", "pidrace-2x2"})
    void everyReachableStateSatisfiesEveryAuxiliaryInvariant(String scenario) {
        PidSpec spec = new PidSpec(Scenarios.builtin(scenario));
        try (Context ctx = new Context()) {
            SymState s = new SymState(ctx, spec.layout(), "");
            List<AuxInvariant> aux = AuxInvariants.of(ctx, spec, s);
            Solver solver = ctx.mkSolver("QF_LIA");
            BoolExpr someBroken = ctx.mkBoolConst("some-broken");
            solver.add(ctx.mkImplies(someBroken, ctx.mkNot(ctx.mkAnd(aux.stream().map(AuxInvariant::formula)
                    .toArray(BoolExpr[]::new)))));
            int[] checked = {0};
            Result r = Explorer.explore(spec, Options.defaults().withWorkers(1).withKeepGoing(true).withObserver((st, fp) -> {
                solver.push();
                solver.add(s.is(st));
                Status verdict = solver.check(someBroken);
                solver.pop();
                if (verdict != Status.UNSATISFIABLE) {
                    throw new AssertionError(scenario + ": an auxiliary invariant fails (" + verdict + ") in reachable state "
                            + Long.toHexString(fp) + ": " + broken(ctx, aux, s, st));
                }
                checked[0]++;
            }, 1));
            assertTrue(r.complete());
            assertEquals(r.stats().distinct(), checked[0]);
        }
    }

    private static List<String> broken(Context ctx, List<AuxInvariant> aux, SymState s, long[] st) {
        return aux.stream().filter(a -> {
            Solver one = ctx.mkSolver();
            one.add(s.is(st), ctx.mkNot(a.formula()));
            return one.check() == Status.SATISFIABLE;
        }).map(AuxInvariant::name).toList();
    }
}
