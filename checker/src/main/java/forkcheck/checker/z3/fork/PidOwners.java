package forkcheck.checker.z3.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.IntExpr;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.pid.PidLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * Who owns which pid, each as (whether it owns one now, which): a task hashed under one of its
 * four ids; a fork in flight, by the pid alloc_pidmap gave it; a CPU inside alloc_pidmap or
 * free_pidmap past the bit it set or before the one it clears; a release_task whose detach_pid
 * has still to free an id of its child.
 */
final class PidOwners {
    static final String[] TYPES = {"PIDTYPE_PID", "PIDTYPE_TGID", "PIDTYPE_PGID", "PIDTYPE_SID"};
    /** {@code p->pids[type].nr} by type: the fields that hold them. */
    static final String[] NR = {"pid", "tgid", "pgrp", "session"};

    record Owner(BoolExpr owns, IntExpr pid) {}

    private final ForkVars z;

    PidOwners(ForkVars z) {
        this.z = z;
    }

    /** Task {@code p} is hashed under its id of type {@code type}. */
    Owner hashed(int p, int type) {
        return new Owner(z.and(z.used(p), z.hashed(p, TYPES[type])), z.task(p, NR[type]));
    }

    /**
     * Task {@code q} is in do_fork after alloc_pidmap returned its {@code pid}: in copy_process,
     * the child not yet hashed under it, or failed and not yet into free_pidmap on its CPU.
     */
    Owner forkInFlight(int q) {
        IntExpr child = z.task(q, "frame.p");
        BoolExpr childHashed = z.and(z.ctx.mkGe(child, z.i(0)), z.isSet(z.task(child, "pids[PIDTYPE_PID].attached")));
        BoolExpr owns = z.and(z.used(q), z.ctx.mkGe(z.task(q, "frame.pid"), z.i(0)),
                z.or(z.pcIs(q, ForkLabel.DO_FORK_1), PcRange.COPYING.at(z, q), z.pcIs(q, ForkLabel.DO_FORK_FREE_PIDMAP)),
                z.not(z.and(z.pcIs(q, ForkLabel.DO_FORK_FREE_PIDMAP), freeing(q))), z.not(childHashed));
        return new Owner(owns, z.task(q, "frame.pid"));
    }

    /** A CPU runs {@code q} inside free_pidmap (or alloc_pidmap): it is between the allocator's calls no longer. */
    private BoolExpr freeing(int q) {
        List<BoolExpr> any = new ArrayList<>();
        for (int c = 0; c < z.cpus; c++) {
            IntExpr pc = z.v("cpu" + c + ".pc");
            any.add(z.and(z.eq(z.v("rq" + c + ".curr"), q), z.not(z.eq(pc, PidLabel.IDLE.ordinal())),
                    z.not(z.eq(pc, PidLabel.RET.ordinal()))));
        }
        return z.or(any);
    }

    /** CPU {@code c} set its pid's bit and has not returned it, or is clearing the bit of the pid it frees. */
    Owner allocator(int c) {
        IntExpr pc = z.v("cpu" + c + ".pc");
        List<BoolExpr> at = new ArrayList<>();
        for (PidLabel l : List.of(PidLabel.ATOMIC_DEC, PidLabel.LAST_PID_WRITE, PidLabel.RET, PidLabel.CLEAR_BIT)) {
            at.add(z.eq(pc, l.ordinal()));
        }
        return new Owner(z.or(at), z.v("cpu" + c + ".pid"));
    }

    /** Task {@code q} releases its child, whose id of type {@code type} detach_pid has still to free. */
    Owner toFree(int q, int type) {
        IntExpr child = z.task(q, "frame.p");
        BoolExpr owns = z.and(z.used(q), z.hasBit(z.task(q, "frame.to_free"), "task0.frame.to_free", 1 << type),
                z.ctx.mkGe(child, z.i(0)));
        return new Owner(owns, z.task(child, NR[type]));
    }

    /** Every owner: hashed ids, forks in flight, allocator frames, release_task's ids to free. */
    List<Owner> all() {
        List<Owner> all = new ArrayList<>();
        for (int p = 0; p < z.slots; p++) {
            for (int type = 0; type < TYPES.length; type++) {
                all.add(hashed(p, type));
            }
            all.add(forkInFlight(p));
        }
        for (int c = 0; c < z.cpus; c++) {
            all.add(allocator(c));
        }
        for (int q = 0; q < z.slots; q++) {
            for (int type = 0; type < TYPES.length; type++) {
                all.add(toFree(q, type));
            }
        }
        return all;
    }
}
