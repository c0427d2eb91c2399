package forkcheck.checker.z3.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.IntExpr;
import java.util.ArrayList;
import java.util.List;

/** lists-well-formed, hash-matches-links, children-match-parent, ptrace-links, tasks-list-leaders. */
final class ListInvariants {
    private final ForkVars z;
    private final Lists lists;
    private final Linked linked;
    private final Holders holders;

    ListInvariants(ForkVars z, Lists lists, Linked linked, Holders holders) {
        this.z = z;
        this.lists = lists;
        this.linked = linked;
        this.holders = holders;
    }

    /**
     * Every list is well formed: tasks, each used task's children and ptrace_children, each
     * runqueue. A child in copy_process has its parent's list heads until step 11 makes its own:
     * while it is held and not linked, its heads are no list yet.
     */
    BoolExpr listsWellFormed() {
        List<BoolExpr> all = new ArrayList<>();
        all.add(lists.tasks.wellFormed(0));
        for (int p = 0; p < z.slots; p++) {
            BoolExpr notYet = z.and(z.not(holders.none(p)), z.not(linked.linked(p)));
            all.add(z.implies(z.used(p), z.and(z.or(lists.family.wellFormed(Lists.children(p)), notYet),
                    z.or(lists.ptrace.wellFormed(Lists.ptraceChildren(p)), notYet))));
        }
        for (int c = 0; c < z.cpus; c++) {
            all.add(lists.run.wellFormed(lists.runqueue(c)));
        }
        return z.and(all);
    }

    /** Hashed by pid exactly while linked; by tgid with it; by pgrp and session too when a leader. */
    BoolExpr hashMatchesLinks() {
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 1; p < z.slots; p++) {
            BoolExpr pid = z.hashed(p, "PIDTYPE_PID");
            BoolExpr asLeader = z.and(pid, z.leader(p));
            all.add(z.implies(z.used(p), z.and(z.iff(pid, linked.linked(p)), z.iff(z.hashed(p, "PIDTYPE_TGID"), pid),
                    z.iff(z.hashed(p, "PIDTYPE_PGID"), asLeader), z.iff(z.hashed(p, "PIDTYPE_SID"), asLeader))));
        }
        return z.and(all);
    }

    /** On a used task q's well-formed children list is exactly every linked p whose parent is q. */
    BoolExpr childrenMatchParent() {
        List<BoolExpr> all = new ArrayList<>();
        for (int q = 0; q < z.slots; q++) {
            int head = Lists.children(q);
            List<BoolExpr> each = new ArrayList<>();
            for (int p = 1; p < z.slots; p++) {
                each.add(z.iff(lists.family.contains(head, Lists.sibling(p)),
                        z.and(linked.linked(p), z.eq(z.task(p, "parent"), q))));
            }
            all.add(z.implies(z.and(z.used(q), lists.family.wellFormed(head)), z.and(each)));
        }
        return z.and(all);
    }

    /**
     * A linked task's parent is its real parent unless another task traces it (PT_PTRACED), and then
     * it is on its real parent's ptrace_children; a used task's well-formed ptrace_children holds
     * only tasks it is the real parent of and some other task traces.
     */
    BoolExpr ptraceLinks() {
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 1; p < z.slots; p++) {
            IntExpr parent = z.task(p, "parent");
            IntExpr realParent = z.task(p, "real_parent");
            BoolExpr differ = z.not(z.eq(parent, realParent));
            BoolExpr tracedByOther = z.and(z.hasBit(z.task(p, "ptrace"), "task0.ptrace",
                    forkcheck.spec.fork.ForkSpec.constant("PT_PTRACED")), differ);
            List<BoolExpr> onList = new ArrayList<>();
            for (int q = 0; q < z.slots; q++) {
                onList.add(z.and(z.eq(realParent, q),
                        lists.ptrace.contains(Lists.ptraceChildren(q), Lists.ptraceList(p))));
            }
            all.add(z.implies(linked.linked(p), z.and(z.implies(differ, tracedByOther),
                    z.iff(z.or(onList), tracedByOther))));
        }
        for (int q = 0; q < z.slots; q++) {
            int head = Lists.ptraceChildren(q);
            List<BoolExpr> each = new ArrayList<>();
            for (ListWalk.Step step : lists.ptrace.steps(head)) {
                for (int p = 0; p < z.slots; p++) {
                    BoolExpr isP = z.or(z.eq(step.node(), Lists.ptraceChildren(p)), z.eq(step.node(), Lists.ptraceList(p)));
                    each.add(z.implies(z.and(step.on(), isP), z.and(z.eq(z.task(p, "real_parent"), q),
                            z.not(z.eq(z.task(p, "parent"), q)))));
                }
            }
            all.add(z.implies(z.and(z.used(q), lists.ptrace.wellFormed(head)), z.and(each)));
        }
        return z.and(all);
    }

    /** init_task.tasks lists exactly the linked thread-group leaders. */
    BoolExpr tasksListLeaders() {
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 1; p < z.slots; p++) {
            all.add(z.iff(lists.tasks.contains(0, p), z.and(linked.linked(p), z.leader(p))));
        }
        return z.and(all);
    }
}
