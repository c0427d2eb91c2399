package forkcheck.checker.z3.fork;

import com.microsoft.z3.ArithExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.IntExpr;
import com.microsoft.z3.IntSort;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The counters against what they count: nr_threads, user->processes and __count, the shared
 * structures' reference counts, task->usage, and the task_structs in use.
 */
final class CountInvariants {
    /** The shared structures a task points to, with the count each keeps: task field, count field, reference. */
    private record Shared(String pointer, String count, String ref) {}

    private static final List<Shared> SHARED = List.of(new Shared("signal", "signal%d.count", "SIGNAL"),
            new Shared("sighand", "sighand%d.count", "SIGHAND"), new Shared("mm", "mm%d.mm_users", "MM"),
            new Shared("fs", "fs%d.count", "FS"), new Shared("files", "files%d.count", "FILES"),
            new Shared("sysvsem.undo_list", "sem_undo_list%d.refcnt", "SEMUNDO"),
            new Shared("namespace", "namespace%d.count", "NAMESPACE"));

    private final ForkVars z;
    private final Linked linked;
    private final Holders holders;

    CountInvariants(ForkVars z, Linked linked, Holders holders) {
        this.z = z;
        this.linked = linked;
        this.holders = holders;
    }

    /** nr_threads is the number of linked tasks less the children between SET_LINKS and nr_threads++. */
    BoolExpr nrThreadsExact() {
        List<BoolExpr> linkedTasks = new ArrayList<>();
        for (int p = 1; p < z.slots; p++) {
            linkedTasks.add(linked.linked(p));
        }
        List<BoolExpr> uncounted = new ArrayList<>();
        for (int q = 0; q < z.slots; q++) {
            uncounted.add(z.and(z.used(q), z.pcIs(q, ForkLabel.COPY_PROCESS_26)));
        }
        return z.eq(z.v("nr_threads"), z.ctx.mkSub(z.count(linkedTasks), z.count(uncounted)));
    }

    BoolExpr nrThreadsBounded() {
        return z.ctx.mkLe(z.v("nr_threads"), z.i(z.spec.scenario().maxThreads()));
    }

    private static String user(int u) {
        return u == 0 ? "root_user" : "user" + u;
    }

    /**
     * Per user: processes counts its tasks from copy_process step 5 (processes++) until
     * release_task; __count those from step 5's __count++ on. A child whose fork unwinds to
     * bad_fork_free has given both back.
     */
    BoolExpr userProcessesExact() {
        List<BoolExpr> all = new ArrayList<>();
        for (int u = 0; u < z.spec.scenario().users(); u++) {
            List<BoolExpr> processes = new ArrayList<>();
            List<BoolExpr> count = new ArrayList<>();
            for (int p = 0; p < z.slots; p++) {
                BoolExpr mine = z.and(z.used(p), z.eq(z.task(p, "user"), u));
                BoolExpr beforeCount = z.or(holders.in(p, PcRange.BEFORE_USER_COUNT),
                        holders.in(p, PcRange.only(ForkLabel.BAD_FORK_FREE)));
                BoolExpr beforeProcesses = z.or(beforeCount, holders.in(p, PcRange.only(ForkLabel.COPY_PROCESS_5_PROCESSES)));
                BoolExpr released = z.or(holders.in(p, PcRange.RELEASING),
                        z.and(z.is(p, "exit_state", "EXIT_DEAD"), z.not(z.hashed(p, "PIDTYPE_PID"))));
                processes.add(z.and(mine, z.not(beforeProcesses), z.not(released)));
                count.add(z.and(mine, z.not(beforeCount)));
            }
            all.add(z.eq(z.v(user(u) + ".processes"), z.count(processes)));
            all.add(z.eq(z.v(user(u) + ".__count"), z.count(count)));
        }
        return z.and(all);
    }

    /** No linked task of a non-root user sees its user with more processes than its signal's RLIMIT_NPROC. */
    BoolExpr userProcessesBounded() {
        List<String> processes = new ArrayList<>();
        for (int u = 0; u < z.spec.scenario().users(); u++) {
            processes.add(user(u) + ".processes");
        }
        List<String> rlim = new ArrayList<>();
        for (int e = 0; e < z.slots; e++) {
            rlim.add("signal" + e + ".rlim[RLIMIT_NPROC]");
        }
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 1; p < z.slots; p++) {
            IntExpr u = z.task(p, "user");
            IntExpr signal = z.task(p, "signal");
            BoolExpr over = z.ctx.mkGt(z.at("user.processes", processes, u), z.at("signal.rlim", rlim, signal));
            all.add(z.not(z.and(linked.linked(p), z.not(z.eq(u, 0)), z.ctx.mkGe(signal, z.i(0)), over)));
        }
        return z.and(all);
    }

    /**
     * Each signal, sighand, mm, fs, files, sem_undo_list and namespace entry's count is the number of used tasks pointing to
     * it that hold a reference: every task does, but a child in copy_process only once its copy_*
     * took it (ghost refs_taken of its holder). signal->live counts those not PF_EXITING.
     */
    BoolExpr refcountsExact() {
        List<BoolExpr> all = new ArrayList<>();
        for (Shared sh : SHARED) {
            BoolExpr[] holds = new BoolExpr[z.slots];
            for (int p = 0; p < z.slots; p++) {
                holds[p] = z.and(z.used(p), z.not(forkingWithout(p, sh.ref())));
            }
            for (int e = 0; e < z.slots; e++) {
                List<BoolExpr> refs = new ArrayList<>();
                List<BoolExpr> live = new ArrayList<>();
                for (int p = 0; p < z.slots; p++) {
                    BoolExpr ref = z.and(holds[p], z.eq(z.task(p, sh.pointer()), e));
                    refs.add(ref);
                    live.add(z.and(ref, z.not(z.taskFlag(p, "PF_EXITING"))));
                }
                all.add(z.eq(z.v(String.format(sh.count(), e)), z.count(refs)));
                if (sh.ref().equals("SIGNAL")) {
                    all.add(z.eq(z.v("signal" + e + ".live"), z.count(live)));
                }
            }
        }
        return z.and(all);
    }

    /** {@code p} is a child in copy_process whose holder has not taken (or has dropped) reference {@code ref}. */
    private BoolExpr forkingWithout(int p, String ref) {
        List<BoolExpr> any = new ArrayList<>();
        for (int q = 0; q < z.slots; q++) {
            BoolExpr taken = z.hasBit(z.task(q, "ghost.refs_taken"), "task0.ghost.refs_taken",
                    ForkSpec.constant("refs_taken." + ref));
            any.add(z.and(holders.is(q, p), PcRange.FORKING.at(z, q), z.not(taken)));
        }
        return z.or(any);
    }

    /**
     * usage is 2, less one once the task has switched out for the last time (PF_DEAD), less one once
     * release_task's put_task_struct dropped it (unhashed, EXIT_DEAD, and no wait4 releasing it
     * still); not yet counted while dup_task_struct has not made the copy.
     */
    BoolExpr usageExact() {
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 1; p < z.slots; p++) {
            BoolExpr put = z.and(z.not(z.hashed(p, "PIDTYPE_PID")), z.is(p, "exit_state", "EXIT_DEAD"),
                    z.not(holders.in(p, PcRange.RELEASE)));
            @SuppressWarnings("unchecked")
            ArithExpr<IntSort> expected = (ArithExpr<IntSort>) z.ctx.mkSub(z.i(2), z.oneIf(z.taskFlag(p, "PF_DEAD")),
                    z.oneIf(put));
            all.add(z.implies(z.and(z.used(p), z.not(holders.in(p, PcRange.BEFORE_USAGE))),
                    z.eq(z.task(p, "usage"), expected)));
        }
        return z.and(all);
    }

    /** Every used task is linked, held by a fork or a release, dead on its way out, or a CPU's idle thread. */
    BoolExpr noLeakedTask() {
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 1; p < z.slots; p++) {
            List<BoolExpr> idle = new ArrayList<>();
            for (int c = 0; c < z.cpus; c++) {
                idle.add(z.eq(z.v("rq" + c + ".idle"), p));
            }
            all.add(z.not(z.and(z.used(p), z.not(linked.linked(p)), holders.none(p),
                    z.not(z.is(p, "exit_state", "EXIT_DEAD")), z.not(z.or(idle)))));
        }
        return z.and(all);
    }
}
