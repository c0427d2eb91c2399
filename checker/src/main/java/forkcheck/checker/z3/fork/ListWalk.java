package forkcheck.checker.z3.fork;

import com.microsoft.z3.ArithExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.IntExpr;
import com.microsoft.z3.IntSort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One set of {@code list_head}s (every task's {@code children} and {@code sibling}, say), walked
 * from a head by bounded unrolling: {@code x0} is the head, {@code x(k+1) = next(xk)}. A list has at
 * most as many nodes as the set, so {@code n + 1} steps decide whether the walk comes back.
 *
 * <p>Well formed: the walk reaches the head again within {@code n + 1} steps, never meeting a
 * poisoned link (-1), and {@code next->prev == self} at every node. No node is met twice: a
 * deterministic walk that repeats a node other than the head cycles without coming back. A node
 * is on the list when the walk meets it before coming back to the head or meeting poison.
 */
final class ListWalk {
    private final ForkVars z;
    private final String name;
    private final List<String> nextNames = new ArrayList<>();
    private final List<String> prevNames = new ArrayList<>();
    private final int n;
    private final Map<Integer, List<IntExpr>> walks = new HashMap<>();

    /** @param nodes the layout's name of each node, by node number ({@code task2.children}) */
    ListWalk(ForkVars z, String name, List<String> nodes) {
        this.z = z;
        this.name = name;
        this.n = nodes.size();
        for (String node : nodes) {
            nextNames.add(node + ".next");
            prevNames.add(node + ".prev");
        }
    }

    private IntExpr next(IntExpr node) {
        return z.at(name + ".next", nextNames, node);
    }

    private IntExpr prev(IntExpr node) {
        return z.at(name + ".prev", prevNames, node);
    }

    /** x0 .. x(n+1) from {@code head}. */
    private List<IntExpr> walk(int head) {
        return walks.computeIfAbsent(head, h -> {
            List<IntExpr> x = new ArrayList<>();
            x.add(z.i(h));
            x.add(z.v(nextNames.get(h)));
            for (int k = 1; k <= n; k++) {
                x.add(next(x.get(k)));
            }
            return x;
        });
    }

    BoolExpr wellFormed(int head) {
        List<IntExpr> x = walk(head);
        // From the last step back: step k is sound and either closes the list or the rest is well formed.
        BoolExpr rest = z.ctx.mkFalse();
        for (int k = n; k >= 0; k--) {
            IntExpr to = x.get(k + 1);
            BoolExpr sound = z.and(z.not(z.eq(to, -1)), z.eq(prev(to), x.get(k)));
            rest = z.and(sound, z.or(z.eq(to, head), rest));
        }
        return rest;
    }

    /** Step {@code k} (1 .. n) of the walk is still on the list: no earlier step came back or met poison. */
    private List<BoolExpr> onList(int head) {
        List<IntExpr> x = walk(head);
        List<BoolExpr> on = new ArrayList<>();
        BoolExpr sofar = z.ctx.mkTrue();
        for (int k = 1; k <= n; k++) {
            sofar = z.and(sofar, z.not(z.eq(x.get(k), head)), z.not(z.eq(x.get(k), -1)));
            on.add(sofar);
        }
        return on;
    }

    BoolExpr contains(int head, int entry) {
        List<IntExpr> x = walk(head);
        List<BoolExpr> on = onList(head);
        List<BoolExpr> any = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            any.add(z.and(on.get(k - 1), z.eq(x.get(k), entry)));
        }
        return z.or(any);
    }

    /** Every node the walk meets before it comes back: each, with whether it is still on the list. */
    List<Step> steps(int head) {
        List<IntExpr> x = walk(head);
        List<BoolExpr> on = onList(head);
        List<Step> steps = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            steps.add(new Step(on.get(k - 1), x.get(k)));
        }
        return steps;
    }

    record Step(BoolExpr on, IntExpr node) {}

    ArithExpr<IntSort> length(int head) {
        return z.count(onList(head));
    }
}
