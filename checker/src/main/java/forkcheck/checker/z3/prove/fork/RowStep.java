package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A row's step as the solver holds it ({@link #facts}): each action's relation behind an
 * indicator of its own ({@link #actions}), and the row's, {@link #taken}, implying that some
 * action's holds. A query Z3 gives up on for the whole row is then asked of its cases
 * ({@link #split}), over the same formulas: one CPU's step of the row, failing or not, with one
 * task current on that CPU, is decided where the disjunction of all of them is not.
 *
 * @param current by CPU, an indicator for each value of its {@code rq.curr} that the layout
 *     allows, which the solver holds implies that value: together they cover every state
 */
record RowStep(BoolExpr taken, Map<Integer, BoolExpr> actions, List<BoolExpr> facts, Set<String> writes,
        Map<Integer, List<BoolExpr>> current) {
    /**
     * The row {@code name}'s step from {@code relations}, by action (null where the action has no
     * step of the row); {@code build} tells the indicators of one build from another's.
     */
    static RowStep of(Context ctx, String name, int build, List<BoolExpr> relations, Set<String> writes,
            Map<Integer, List<BoolExpr>> current) {
        Map<Integer, BoolExpr> actions = new TreeMap<>();
        List<BoolExpr> facts = new ArrayList<>();
        for (int a = 0; a < relations.size(); a++) {
            if (relations.get(a) != null) {
                BoolExpr action = ctx.mkBoolConst("takes:" + name + "#" + build + ":" + a);
                facts.add(ctx.mkImplies(action, relations.get(a)));
                actions.put(a, action);
            }
        }
        BoolExpr taken = ctx.mkBoolConst("takes:" + name + "#" + build);
        facts.add(ctx.mkImplies(taken, ctx.mkOr(actions.values().toArray(BoolExpr[]::new))));
        return new RowStep(taken, Collections.unmodifiableMap(actions), List.copyOf(facts), writes, current);
    }

    /**
     * {@code query}, given the indicators of a case to assume, asked of the whole row; where Z3
     * gives up, of each action (action {@code a} is CPU {@code a >> 1}'s); where it gives up on
     * one, of that action with each value of its CPU's {@code rq.curr}. Satisfiable at the first
     * case that is (the query's model is Z3's last); else unknown if Z3 gave up on a case it could
     * split no further; else unsatisfiable: the cases of each split cover what they split.
     */
    Status split(Function<BoolExpr[], Status> query) {
        Status st = query.apply(new BoolExpr[] {taken});
        if (st != Status.UNKNOWN) {
            return st;
        }
        return any(actions.entrySet(), action -> {
            Status one = query.apply(new BoolExpr[] {action.getValue()});
            return one != Status.UNKNOWN ? one
                    : any(current.get(action.getKey() >> 1), curr -> query.apply(new BoolExpr[] {action.getValue(), curr}));
        });
    }

    /** Each case asked until one is satisfiable: then that, else unknown if Z3 gave up on one, else unsatisfiable. */
    private static <T> Status any(Collection<T> cases, Function<T, Status> ask) {
        Status all = Status.UNSATISFIABLE;
        for (T c : cases) {
            Status st = ask.apply(c);
            if (st == Status.SATISFIABLE) {
                return st;
            }
            if (st == Status.UNKNOWN) {
                all = st;
            }
        }
        return all;
    }
}
