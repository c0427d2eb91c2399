package forkcheck.checker.z3.fork;

import com.microsoft.z3.ArithExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.IntExpr;
import com.microsoft.z3.IntSort;
import forkcheck.spec.fork.CloneFlags;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** runqueue-consistent, time-slice-conserved, child-runs-first-when-due: the scheduler's side of fork. */
final class SchedInvariants {
    private final ForkVars z;
    private final Lists lists;
    private final Linked linked;
    private final Holders holders;

    SchedInvariants(ForkVars z, Lists lists, Linked linked, Holders holders) {
        this.z = z;
        this.lists = lists;
        this.linked = linked;
        this.holders = holders;
    }

    /**
     * Each runqueue is well formed and nr_running is its length; a used task (but a child still
     * carrying its parent's run_list: before sched_fork, or unwinding) is queued on its CPU's queue
     * exactly when p->array is set; a runnable linked task is queued unless its fork has not woken
     * it yet (or it is fork_idle's copy).
     */
    BoolExpr runqueueConsistent() {
        List<BoolExpr> all = new ArrayList<>();
        for (int c = 0; c < z.cpus; c++) {
            int head = lists.runqueue(c);
            all.add(lists.run.wellFormed(head));
            all.add(z.eq(z.v("rq" + c + ".nr_running"), lists.run.length(head)));
        }
        for (int p = 1; p < z.slots; p++) {
            BoolExpr staleCopy = z.or(holders.in(p, PcRange.BEFORE_SCHED_FORK), holders.in(p, PcRange.UNWINDING));
            List<BoolExpr> onItsQueue = new ArrayList<>();
            for (int c = 0; c < z.cpus; c++) {
                onItsQueue.add(z.and(z.eq(z.task(p, "cpu"), c), lists.run.contains(lists.runqueue(c), p)));
            }
            BoolExpr queued = z.or(onItsQueue);
            BoolExpr runnable = z.and(linked.linked(p), z.is(p, "state", "TASK_RUNNING"), z.is(p, "exit_state", "ALIVE"),
                    z.not(z.taskFlag(p, "PF_DEAD")));
            BoolExpr notWokenYet = z.or(holders.in(p, PcRange.NOT_WOKEN), holders.in(p, PcRange.FORK_IDLE));
            all.add(z.implies(z.and(z.used(p), z.not(staleCopy)), z.and(z.iff(queued, z.isSet(z.task(p, "array"))),
                    z.implies(z.and(runnable, z.not(queued)), notWokenYet))));
        }
        return z.and(all);
    }

    /**
     * While a fork is past sched_fork, the child's slice plus the parent's is at most the parent's
     * before sched_fork (ghost slice_before, at least 1); if the parent's slice ran out and was
     * refilled to 1 (first_time_slice clear, slice_before 1), the child's plus 1 is at most 2.
     */
    @SuppressWarnings("unchecked")
    BoolExpr timeSliceConserved() {
        List<BoolExpr> all = new ArrayList<>();
        for (int q = 0; q < z.slots; q++) {
            IntExpr child = z.task(q, "frame.p");
            IntExpr before = z.task(q, "ghost.slice_before");
            BoolExpr split = z.and(z.used(q), z.ctx.mkGe(child, z.i(0)), PcRange.SLICE_SPLIT.at(z, q),
                    z.not(z.pcIs(q, ForkLabel.COPY_PROCESS_17)));
            BoolExpr refilled = z.and(z.not(z.isSet(z.task(q, "first_time_slice"))), z.eq(before, 1));
            ArithExpr<IntSort> after = z.ctx.mkAdd(z.task(child, "time_slice"),
                    (ArithExpr<IntSort>) z.ctx.mkITE(refilled, z.i(1), z.task(q, "time_slice")));
            ArithExpr<IntSort> bound = z.ctx.mkAdd((ArithExpr<IntSort>) z.ctx.mkITE(z.ctx.mkGe(before, z.i(1)), before, z.i(1)),
                    z.oneIf(refilled));
            all.add(z.implies(split, z.ctx.mkLe(after, bound)));
        }
        return z.and(all);
    }

    /**
     * A child forked without CLONE_VM, by a named fork op, that has not begun its program: its real
     * parent, if it runs that fork's program on the same CPU, is not past the fork (has not begun its
     * next op) unless it is exiting.
     */
    BoolExpr childRunsFirstWhenDue() {
        List<List<ForkOp>> programs = z.spec.programs();
        int[] parentProgram = new int[programs.size()];
        int[] forkOp = new int[programs.size()];
        int[] forkFlags = new int[programs.size()];
        Arrays.fill(parentProgram, -1);
        for (int prog = 0; prog < programs.size(); prog++) {
            List<ForkOp> ops = programs.get(prog);
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i) instanceof ForkOp.Fork fork && fork.child() != null) {
                    int child = z.spec.program(fork.child());
                    parentProgram[child] = prog;
                    forkOp[child] = i;
                    forkFlags[child] = fork.flags();
                }
            }
        }
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 1; p < z.slots; p++) {
            BoolExpr waiting = z.and(z.used(p), z.eq(z.task(p, "op"), 0), z.pcIs(p, ForkLabel.IDLE),
                    z.is(p, "exit_state", "ALIVE"), linked.linked(p));
            IntExpr q = z.task(p, "real_parent");
            for (int prog = 1; prog < programs.size(); prog++) {
                if (parentProgram[prog] < 0 || (forkFlags[prog] & CloneFlags.CLONE_VM) != 0 || programs.get(prog).isEmpty()) {
                    continue;
                }
                BoolExpr parentGoesOn = z.and(z.ctx.mkGe(q, z.i(0)), z.used(q), z.eq(z.task(q, "prog"), parentProgram[prog]),
                        z.eq(z.task(q, "cpu"), z.task(p, "cpu")), z.ctx.mkGt(z.task(q, "op"), z.i(forkOp[prog] + 1)),
                        z.not(z.taskFlag(q, "PF_EXITING")));
                all.add(z.not(z.and(waiting, z.eq(z.task(p, "prog"), prog), parentGoesOn)));
            }
        }
        return z.and(all);
    }
}
