package forkcheck.checker.z3.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.IntExpr;
import forkcheck.spec.fork.ForkLabel;
import java.util.ArrayList;
import java.util.List;

/** tasklist-lock-irqs-off, tasklist-lock-held, no-sleep-holding-lock, vfork-released-once, no-panic. */
final class LockInvariants {
    private final ForkVars z;

    LockInvariants(ForkVars z) {
        this.z = z;
    }

    private BoolExpr writes(int c) {
        return z.eq(z.v("tasklist_lock.writer"), c);
    }

    /** A CPU that write-holds tasklist_lock has interrupts off. */
    BoolExpr tasklistIrqsOff() {
        List<BoolExpr> all = new ArrayList<>();
        for (int c = 0; c < z.cpus; c++) {
            all.add(z.not(z.and(writes(c), z.isSet(z.v("cpu" + c + ".irqs_enabled")))));
        }
        return z.and(all);
    }

    /**
     * The used task a CPU runs, when at a label inside a tasklist_lock write section (copy_process
     * 19 and 26, exit_notify's body, release_task's unhash .. unlock), runs on the CPU that write-holds it.
     */
    BoolExpr tasklistLockHeld() {
        List<BoolExpr> all = new ArrayList<>();
        for (int c = 0; c < z.cpus; c++) {
            IntExpr cur = z.v("rq" + c + ".curr");
            for (int q = 0; q < z.slots; q++) {
                BoolExpr inSection = z.or(z.pcIs(q, ForkLabel.COPY_PROCESS_19), z.pcIs(q, ForkLabel.COPY_PROCESS_26),
                        z.pcIs(q, ForkLabel.EXIT_NOTIFY_BODY), PcRange.RELEASE_LOCKED.at(z, q));
                all.add(z.implies(z.and(z.eq(cur, q), z.used(q), inSection), writes(c)));
            }
        }
        return z.and(all);
    }

    /** A CPU holding tasklist_lock (either way) or pidmap_lock runs no task that is not TASK_RUNNING. */
    BoolExpr noSleepHoldingLock() {
        List<BoolExpr> all = new ArrayList<>();
        for (int c = 0; c < z.cpus; c++) {
            IntExpr cur = z.v("rq" + c + ".curr");
            BoolExpr holds = z.or(writes(c), z.isSet(z.v("tasklist_lock.reader" + c)), z.eq(z.v("pidmap_lock.owner"), c));
            for (int q = 0; q < z.slots; q++) {
                all.add(z.not(z.and(holds, z.eq(cur, q), z.not(z.is(q, "state", "TASK_RUNNING")))));
            }
        }
        return z.and(all);
    }

    /** No task's vfork wait was released more than once (ghost vfork_releases). */
    BoolExpr vforkReleasedOnce() {
        List<BoolExpr> all = new ArrayList<>();
        for (int q = 0; q < z.slots; q++) {
            all.add(z.ctx.mkLe(z.task(q, "ghost.vfork_releases"), z.i(1)));
        }
        return z.and(all);
    }

    BoolExpr noPanic() {
        return z.eq(z.v("panicked"), 0);
    }
}
