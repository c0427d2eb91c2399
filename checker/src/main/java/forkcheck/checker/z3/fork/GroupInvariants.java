package forkcheck.checker.z3.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.IntExpr;
import java.util.ArrayList;
import java.util.List;

/** thread-group, leader-outlives-threads, ptrace-by-consent: who a task belongs to. */
final class GroupInvariants {
    private final ForkVars z;
    private final Linked linked;

    GroupInvariants(ForkVars z, Linked linked) {
        this.z = z;
        this.linked = linked;
    }

    /** No used task is traced unasked (ghost traced_unasked, set by step 22; finding 6). */
    BoolExpr ptraceByConsent() {
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 1; p < z.slots; p++) {
            all.add(z.not(z.and(z.used(p), z.isSet(z.task(p, "ghost.traced_unasked")))));
        }
        return z.and(all);
    }

    /**
     * A linked task's tgid is its group leader's pid; a thread other than the leader has
     * exit_signal -1 and, unless it or its leader is exiting, the leader's signal, sighand and mm.
     */
    BoolExpr threadGroup() {
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 1; p < z.slots; p++) {
            IntExpr leader = z.task(p, "group_leader");
            BoolExpr exiting = z.or(z.taskFlag(p, "PF_EXITING"), z.taskFlag(leader, "PF_EXITING"));
            BoolExpr shares = z.and(z.eq(z.task(p, "signal"), z.task(leader, "signal")),
                    z.eq(z.task(p, "sighand"), z.task(leader, "sighand")), z.eq(z.task(p, "mm"), z.task(leader, "mm")));
            BoolExpr thread = z.and(z.eq(z.task(p, "exit_signal"), -1), z.or(exiting, shares));
            all.add(z.implies(linked.linked(p), z.and(z.ctx.mkGe(leader, z.i(0)),
                    z.eq(z.task(p, "tgid"), z.task(leader, "pid")), z.or(z.eq(leader, p), thread))));
        }
        return z.and(all);
    }

    /** A hashed thread (not a leader) has a used group leader whose pid is its tgid. */
    BoolExpr leaderOutlivesThreads() {
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 1; p < z.slots; p++) {
            IntExpr leader = z.task(p, "group_leader");
            BoolExpr hashedThread = z.and(z.used(p), z.not(z.leader(p)), z.hashed(p, "PIDTYPE_PID"));
            all.add(z.implies(hashedThread, z.and(z.ctx.mkGe(leader, z.i(0)), z.used(leader),
                    z.eq(z.task(leader, "pid"), z.task(p, "tgid")))));
        }
        return z.and(all);
    }
}
