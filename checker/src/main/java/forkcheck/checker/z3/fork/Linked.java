package forkcheck.checker.z3.fork;

import com.microsoft.z3.BoolExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * A task is <em>linked</em> from SET_LINKS to REMOVE_LINKS: it is on its parent's well-formed
 * children list. Read from the parent's list, not from the task's own sibling links, which
 * dup_task_struct copies from the parent into a child that is on no list. The swapper (slot 0)
 * is nobody's child.
 */
final class Linked {
    private final ForkVars z;
    private final Lists lists;
    private final BoolExpr[] linked;

    Linked(ForkVars z, Lists lists) {
        this.z = z;
        this.lists = lists;
        linked = new BoolExpr[z.slots];
        linked[0] = z.ctx.mkFalse();
        for (int p = 1; p < z.slots; p++) {
            List<BoolExpr> byParent = new ArrayList<>();
            for (int q = 0; q < z.slots; q++) {
                byParent.add(z.and(z.eq(z.task(p, "parent"), q), onChildrenOf(q, p)));
            }
            linked[p] = z.and(z.used(p), z.or(byParent));
        }
    }

    BoolExpr linked(int p) {
        return linked[p];
    }

    /** {@code p} is on {@code q}'s children list, and that list is well formed. */
    BoolExpr onChildrenOf(int q, int p) {
        int head = Lists.children(q);
        return z.and(lists.family.wellFormed(head), lists.family.contains(head, Lists.sibling(p)));
    }
}
