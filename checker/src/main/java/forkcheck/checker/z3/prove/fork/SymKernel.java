package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.checker.z3.prove.SymbolicPidAllocator;
import forkcheck.spec.fork.CloneFlags;
import forkcheck.spec.fork.ExitState;
import forkcheck.spec.fork.ForkFix;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkMutant;
import forkcheck.spec.fork.ForkOp;
import forkcheck.spec.fork.ForkScenario;
import forkcheck.spec.fork.ForkSpec;
import forkcheck.spec.fork.PidType;
import forkcheck.spec.fork.PtraceFlags;
import forkcheck.spec.fork.TaskState;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * {@code Kernel} on a symbolic state: the fork model's shared data by name and the helpers every
 * part of the fork path calls, method for method. A slot or CPU the Java holds in an {@code int}
 * is an {@code int} here too where the caller has made it concrete ({@link Exec#forIndex}), and a
 * term where it is a pointer read from the state.
 */
final class SymKernel {
    final ForkScenario sc;
    final ForkMutant mutant;
    final int cpus;
    final int slots;
    final int maxThreads;
    final List<List<ForkOp>> programs;
    final int maxOps;

    final SymTasks t;
    final SymFrames f;
    final SymPools pools;
    final SymRunqueues rq;
    final SymbolicPidAllocator pids;
    final SymRwLock tasklistLock;
    final String nrThreads = "nr_threads";
    final String totalForks = "total_forks";
    final String panicked = "panicked";
    final String[] vforkReleases;
    private final ForkSpec spec;

    SymKernel(ForkSpec spec) {
        sc = spec.scenario();
        mutant = spec.mutant();
        cpus = sc.cpus();
        slots = sc.slots();
        maxThreads = sc.maxThreads();
        programs = spec.programs();
        maxOps = programs.stream().mapToInt(List::size).max().orElse(0);
        pids = new SymbolicPidAllocator(sc.pidMax(), sc.bitsPerPage(), sc.reservedPids(), cpus,
                sc.mayFail(ForkScenario.FAULT_GET_ZEROED_PAGE));
        t = new SymTasks(slots);
        f = new SymFrames(slots);
        pools = new SymPools(slots, sc.users());
        rq = new SymRunqueues(cpus, slots);
        tasklistLock = new SymRwLock("tasklist_lock", cpus);
        vforkReleases = SymTasks.names(slots, "ghost.vfork_releases");
        this.spec = spec;
    }

    /** {@code Kernel.namedProgram}: the program the op task {@code p} is in names, 0 for none. */
    Expr<IntSort> namedProgram(Exec x, int p) {
        return opValue(x, p, op -> {
            String name = op instanceof ForkOp.Fork fork ? fork.child() : op.target();
            return name == null ? 0 : spec.program(name);
        }, true);
    }

    /** {@code Kernel.hashedSlotOf}: the used task running {@code prog} and hashed by pid, or -1. */
    @SuppressWarnings("unchecked")
    Expr<IntSort> hashedSlotOf(Exec x, Expr<IntSort> prog) {
        Context c = x.ctx();
        Expr<IntSort> e = x.num(-1);
        for (int p = slots - 1; p >= 0; p--) {
            BoolExpr is = c.mkAnd(t.isUsed(x, p), c.mkEq(x.get(t.prog[p]), prog),
                    x.isSet(t.attached[p][PidType.PIDTYPE_PID.ordinal()]));
            e = (Expr<IntSort>) c.mkITE(is, x.num(p), e);
        }
        return e.simplify();
    }

    /** {@code Kernel.signalStep}: the label's ordinal, or -1 for none. */
    @SuppressWarnings("unchecked")
    Expr<IntSort> signalStep(Exec x, int p) {
        Context c = x.ctx();
        Expr<IntSort> bySignal = (Expr<IntSort>) c.mkITE(x.isSet(t.sigkill[p]), x.num(ForkLabel.DO_EXIT.ordinal()),
                c.mkITE(x.isSet(t.sigstop[p]), x.num(ForkLabel.GET_SIGNAL_STOP.ordinal()), x.num(-1)));
        return ((Expr<IntSort>) c.mkITE(t.hasFlag(x, p, SymTasks.PF_EXITING), x.num(-1), bySignal)).simplify();
    }

    /**
     * {@code value.of(currentOp(p))} as a term over {@code prog} and {@code op}; with
     * {@code mustExist}, a state where there is no current op has no successor (the Java throws).
     */
    @SuppressWarnings("unchecked")
    Expr<IntSort> opValue(Exec x, int p, ToIntFunction<ForkOp> value, boolean mustExist) {
        Context c = x.ctx();
        Expr<IntSort> prog = x.get(t.prog[p]);
        Expr<IntSort> op = x.get(t.op[p]);
        Expr<IntSort> e = x.num(-1);
        BoolExpr exists = c.mkFalse();
        for (int g = programs.size() - 1; g >= 0; g--) {
            List<ForkOp> ops = programs.get(g);
            for (int k = ops.size() - 1; k >= 0; k--) {
                BoolExpr here = c.mkAnd(c.mkEq(prog, x.num(g)), c.mkEq(op, x.num(k + 1)));
                e = (Expr<IntSort>) c.mkITE(here, x.num(value.applyAsInt(ops.get(k))), e);
                exists = c.mkOr(exists, here);
            }
        }
        if (mustExist) {
            x.require(exists);
        }
        return e.simplify();
    }

    /** Runs {@code body} with the op task {@code p} is in ({@code Kernel.currentOp}), null for none. */
    void withCurrentOp(Exec x, int p, Consumer<ForkOp> body) {
        x.forIndex(x.get(t.prog[p]), programs.size(), g -> x.forIndex(x.get(t.op[p]), maxOps + 1, o -> {
            List<ForkOp> ops = programs.get(g);
            body.accept(o >= 1 && o <= ops.size() ? ops.get(o - 1) : null);
        }));
    }

    /** Runs {@code body} with the op task {@code p} begins next ({@code programs[prog][op]}); no successor past the end. */
    void withNextOp(Exec x, int p, Consumer<ForkOp> body) {
        x.forIndex(x.get(t.prog[p]), programs.size(), g -> x.forIndex(x.get(t.op[p]), programs.get(g).size(),
                o -> body.accept(programs.get(g).get(o))));
    }

    /** {@code value} of the op task {@code p} begins next, as a condition over its program and op; false past the end. */
    BoolExpr ofNextOp(Exec x, int p, Function<ForkOp, BoolExpr> value) {
        return x.selectBool(x.get(t.prog[p]), programs.size(), g -> x.selectBool(x.get(t.op[p]), programs.get(g).size(),
                o -> value.apply(programs.get(g).get(o))));
    }

    BoolExpr hasOpsLeft(Exec x, int p) {
        Context c = x.ctx();
        Expr<IntSort> prog = x.get(t.prog[p]);
        BoolExpr any = c.mkFalse();
        for (int g = 0; g < programs.size(); g++) {
            any = c.mkOr(any, c.mkAnd(c.mkEq(prog, x.num(g)), c.mkLt(x.get(t.op[p]), x.num(programs.get(g).size()))));
        }
        // programs.get(prog) throws outside the programs: that path has no successor
        x.require(c.mkAnd(c.mkLe(x.num(0), prog), c.mkLt(prog, x.num(programs.size()))));
        return any;
    }

    /** {@code Kernel.cloneFlags}. */
    @SuppressWarnings("unchecked")
    Expr<IntSort> cloneFlags(Exec x, int p) {
        Expr<IntSort> flags = opValue(x, p, op -> op instanceof ForkOp.Fork fork ? fork.flags() : CloneFlags.CLONE_VM,
                false);
        Expr<IntSort> none = x.num(CloneFlags.CLONE_VM);
        Context c = x.ctx();
        BoolExpr hasOp = c.mkNot(c.mkEq(flags, x.num(-1)));
        Expr<IntSort> base = (Expr<IntSort>) c.mkITE(hasOp, flags, none);
        return ((Expr<IntSort>) c.mkITE(c.mkEq(x.get(f.trace[p]), x.num(0)), base,
                withPtrace(x, base))).simplify();
    }

    /** {@code flags | CLONE_PTRACE} over the few values {@code flags} can take. */
    @SuppressWarnings("unchecked")
    private Expr<IntSort> withPtrace(Exec x, Expr<IntSort> base) {
        Context c = x.ctx();
        Expr<IntSort> e = x.num(CloneFlags.CLONE_VM | CloneFlags.CLONE_PTRACE);
        for (List<ForkOp> ops : programs) {
            for (ForkOp op : ops) {
                if (op instanceof ForkOp.Fork fork) {
                    e = (Expr<IntSort>) c.mkITE(c.mkEq(base, x.num(fork.flags())), x.num(fork.flags() | CloneFlags.CLONE_PTRACE), e);
                }
            }
        }
        return e;
    }

    /** {@code has(flags, mask)} for a flags term that is one of the program's constants. */
    BoolExpr has(Exec x, Expr<IntSort> flags, int mask) {
        Context c = x.ctx();
        Expr<IntSort> v = flags.simplify();
        if (v instanceof com.microsoft.z3.IntNum n) {
            return c.mkBool((n.getInt() & mask) != 0);
        }
        BoolExpr any = c.mkFalse();
        for (int value : flagValues()) {
            if ((value & mask) != 0) {
                any = c.mkOr(any, c.mkEq(v, x.num(value)));
            }
        }
        return any;
    }

    /** Every value {@link #cloneFlags} can take. */
    private List<Integer> flagValues() {
        java.util.Set<Integer> all = new java.util.TreeSet<>(List.of(CloneFlags.CLONE_VM,
                CloneFlags.CLONE_VM | CloneFlags.CLONE_PTRACE));
        for (List<ForkOp> ops : programs) {
            for (ForkOp op : ops) {
                if (op instanceof ForkOp.Fork fork) {
                    all.add(fork.flags());
                    all.add(fork.flags() | CloneFlags.CLONE_PTRACE);
                }
            }
        }
        return List.copyOf(all);
    }

    Expr<IntSort> idle(Exec x, int cpu) {
        return x.get(rq.idle[cpu]);
    }

    /** {@code child_reaper}: the first slot from 1 used, with pid 1, alive; 0 if none. */
    @SuppressWarnings("unchecked")
    Expr<IntSort> childReaper(Exec x) {
        Context c = x.ctx();
        Expr<IntSort> e = x.num(0);
        for (int p = slots - 1; p >= 1; p--) {
            BoolExpr init = c.mkAnd(t.isUsed(x, p), c.mkEq(x.get(t.pid[p]), x.num(1)),
                    t.is(x, t.exitState[p], ExitState.ALIVE));
            e = (Expr<IntSort>) c.mkITE(init, x.num(p), e);
        }
        return e.simplify();
    }

    /** {@code Kernel.wantsCpu}. */
    BoolExpr wantsCpu(Exec x, int p) {
        Context c = x.ctx();
        BoolExpr runnable = c.mkAnd(t.isUsed(x, p), t.is(x, t.state[p], TaskState.TASK_RUNNING),
                c.mkNot(t.hasFlag(x, p, SymTasks.PF_DEAD)));
        BoolExpr inKernel = c.mkNot(f.pcIs(x, p, ForkLabel.IDLE));
        BoolExpr work = c.mkOr(inKernel, c.mkAnd(t.is(x, t.exitState[p], ExitState.ALIVE),
                c.mkOr(hasOpsLeft(x, p), c.mkNot(c.mkEq(signalStep(x, p), x.num(-1))))));
        return c.mkAnd(runnable, work);
    }

    /** {@code wantsCpu} of a slot the state names: no successor outside the slots, as the Java indexes. */
    BoolExpr wantsCpu(Exec x, Expr<IntSort> p) {
        return x.selectBool(p, slots, q -> wantsCpu(x, q));
    }

    BoolExpr preemptsCurr(Exec x, int cpu) {
        return x.ctx().mkEq(x.get(rq.curr[cpu]), idle(x, cpu));
    }

    /** {@code try_to_wake_up(p, sleeping)}. */
    void tryToWakeUp(Exec x, int p, TaskState sleeping) {
        Context c = x.ctx();
        x.when(t.is(x, t.state[p], sleeping), () -> {
            t.setTo(x, t.state[p], TaskState.TASK_RUNNING);
            x.when(c.mkNot(x.isSet(t.array[p])), () -> {
                Expr<IntSort> cpu = x.get(t.cpu[p]);
                rq.activate(x, t, p, cpu);
                x.forIndex(cpu, cpus, cc -> x.when(preemptsCurr(x, cc), () -> x.set(rq.needResched[cc], 1)));
            });
        });
    }

    /** {@code try_to_wake_up} of a task the state names. */
    void tryToWakeUp(Exec x, Expr<IntSort> p, TaskState sleeping) {
        x.forIndex(p, slots, q -> tryToWakeUp(x, q, sleeping));
    }

    void sigkill(Exec x, int p) {
        x.set(t.sigkill[p], 1);
        x.set(t.tifSigpending[p], 1);
        tryToWakeUp(x, p, TaskState.TASK_INTERRUPTIBLE);
        tryToWakeUp(x, p, TaskState.TASK_STOPPED);
        tryToWakeUp(x, p, TaskState.TASK_TRACED);
    }

    void doNotifyParent(Exec x, int p) {
        tryToWakeUp(x, x.get(t.parent[p]), TaskState.TASK_INTERRUPTIBLE);
    }

    /** {@code Kernel.ptraceStop}: whether the task stopped; its writes happen only where it did. */
    BoolExpr ptraceStop(Exec x, int cur, ForkLabel resumeAt) {
        Context c = x.ctx();
        Expr<IntSort> tracer = x.get(t.parent[cur]);
        Expr<IntSort> tracerSignal = x.read(t.signal, tracer);
        Expr<IntSort> sig = x.get(t.signal[cur]);
        BoolExpr sameGroup = c.mkAnd(c.mkGe(tracerSignal, x.num(0)), c.mkEq(tracerSignal, sig));
        BoolExpr groupExiting = x.chooseBool(sameGroup, () -> x.isSet(pools.signalGroupExit, sig), c::mkFalse);
        BoolExpr traced = SymTasks.hasBit(x, x.get(t.ptrace[cur]), PtraceFlags.PTRACED, PtraceFlags.ALL);
        BoolExpr stops = (BoolExpr) c.mkAnd(traced, c.mkNot(groupExiting)).simplify();
        x.when(stops, () -> {
            t.setTo(x, t.state[cur], TaskState.TASK_TRACED);
            x.set(t.stopToReport[cur], 1);
            doNotifyParent(x, cur);
            f.setPc(x, cur, resumeAt);
        });
        return stops;
    }

    /** {@code Kernel.mmRelease}. */
    void mmRelease(Exec x, int p, boolean exec) {
        Context c = x.ctx();
        Expr<IntSort> mm = x.get(t.mm[p]);
        x.when(c.mkAnd(x.isSet(t.clearChildTid[p]), c.mkGe(mm, x.num(0))), () -> x.when(
                c.mkGt(x.read(pools.mmUsers, mm), x.num(1)), () -> x.set(t.clearChildTid[p], 0)));
        Expr<IntSort> parent = x.get(t.vforkDone[p]);
        x.when(c.mkGe(parent, x.num(0)), () -> {
            if (!(exec && mutant == ForkMutant.EXEC_KEEPS_VFORK_DONE)) {
                x.set(t.vforkDone[p], -1);
            }
            x.forIndex(parent, slots, q -> {
                x.set(f.vforkCompleted[q], 1);
                x.set(vforkReleases[q], c.mkITE(c.mkGe(x.get(vforkReleases[q]), x.num(2)), x.num(2),
                        c.mkAdd(x.get(vforkReleases[q]), x.num(1))));
                tryToWakeUp(x, q, TaskState.TASK_UNINTERRUPTIBLE);
            });
        });
    }

    /** {@code __ptrace_link(child, new_parent)}. */
    void ptraceLink(Exec x, int child, Expr<IntSort> newParent) {
        Context c = x.ctx();
        x.when(c.mkNot(c.mkEq(x.get(t.parent[child]), newParent)), () -> {
            Expr<IntSort> ptraceChildrenOf = mutant == ForkMutant.PTRACE_LINK_NEW_PARENT ? newParent : x.get(t.parent[child]);
            t.ptraceLinks.add(x, SymTasks.ptraceList(child), SymTasks.ptraceChildren(x, ptraceChildrenOf));
            t.removeLinks(x, child);
            x.set(t.parent[child], newParent);
            if (mutant == ForkMutant.PTRACE_LINK_TO_REAL_PARENT) {
                x.set(t.parent[child], x.get(t.realParent[child]));
                t.setLinks(x, child);
                x.set(t.parent[child], newParent);
            } else {
                t.setLinks(x, child);
            }
        });
    }

    /** {@code __ptrace_unlink(child)}. */
    void ptraceUnlink(Exec x, int child) {
        x.set(t.ptrace[child], 0);
        x.set(t.tracedUnasked[child], 0);
        x.when(x.ctx().mkNot(t.ptraceLinks.isEmpty(x, SymTasks.ptraceList(child))), () -> {
            t.ptraceLinks.delInit(x, SymTasks.ptraceList(child));
            t.removeLinks(x, child);
            x.set(t.parent[child], x.get(t.realParent[child]));
            t.setLinks(x, child);
            tryToWakeUp(x, child, TaskState.TASK_TRACED);
        });
    }

    /**
     * {@code forget_original_parent(father)}: both walks unrolled to the list's size; a walk that
     * has not come back to its head by then never does, and the Java never returns.
     */
    void forgetOriginalParent(Exec x, int father) {
        Expr<IntSort> reaper = nextLiveThread(x, father);
        int head = SymTasks.children(father);
        walk(x, t.family, head, t.family.size(), p -> {
            Context c = x.ctx();
            x.when(c.mkEq(x.get(t.realParent[p]), x.num(father)), () -> {
                x.set(t.realParent[p], reaper);
                reparentThread(x, p, false);
            }, () -> {
                ptraceUnlink(x, p);
                x.when(c.mkAnd(t.is(x, t.exitState[p], ExitState.EXIT_ZOMBIE),
                        c.mkNot(c.mkEq(x.get(t.exitSignal[p]), x.num(-1)))), () -> doNotifyParent(x, p));
            });
        });
        int ptraceHead = SymTasks.ptraceChildren(father);
        walk(x, t.ptraceLinks, ptraceHead, t.ptraceLinks.size(), p -> {
            x.set(t.realParent[p], reaper);
            reparentThread(x, p, true);
        });
    }

    /**
     * {@code for (pos = head->next, n = pos->next; pos != head; pos = n, n = pos->next)}, the
     * body given the slot of {@code pos} ({@code ofSibling}); unrolled {@code bound} times.
     */
    private void walk(Exec x, SymLists list, int head, int bound, Consumer<Integer> body) {
        Expr<IntSort> pos = list.next(x, head);
        Expr<IntSort> n = list.next(x, pos);
        walkFrom(x, list, head, pos, n, bound, body);
    }

    private void walkFrom(Exec x, SymLists list, int head, Expr<IntSort> pos, Expr<IntSort> n, int left,
            Consumer<Integer> body) {
        Context c = x.ctx();
        x.when(c.mkNot(c.mkEq(pos, x.num(head))), () -> {
            if (left == 0) {
                x.undefined();
                return;
            }
            x.forIndex(pos, list.size(), node -> body.accept(node / 2));
            x.name("walk", Set.of());
            Expr<IntSort> next = n;
            walkFrom(x, list, head, next, list.next(x, next), left - 1, body);
        });
    }

    /** {@code Kernel.nextLiveThread}. */
    @SuppressWarnings("unchecked")
    private Expr<IntSort> nextLiveThread(Exec x, int father) {
        Context c = x.ctx();
        Expr<IntSort> e = childReaper(x);
        for (int q = slots - 1; q >= 0; q--) {
            if (q == father) {
                continue;
            }
            BoolExpr live = c.mkAnd(t.isUsed(x, q), c.mkEq(x.get(t.tgid[q]), x.get(t.tgid[father])),
                    x.isSet(t.attached[q][PidType.PIDTYPE_TGID.ordinal()]), t.is(x, t.exitState[q], ExitState.ALIVE));
            e = (Expr<IntSort>) c.mkITE(live, x.num(q), e);
        }
        return e.simplify();
    }

    /** {@code reparent_thread(p, father, traced)}. */
    private void reparentThread(Exec x, int p, boolean traced) {
        Context c = x.ctx();
        x.when(c.mkNot(c.mkEq(x.get(t.exitSignal[p]), x.num(-1))), () -> x.set(t.exitSignal[p], CloneFlags.SIGCHLD));
        if (traced) {
            t.ptraceLinks.delInit(x, SymTasks.ptraceList(p));
            x.when(c.mkNot(c.mkEq(x.get(t.parent[p]), x.get(t.realParent[p]))), () -> t.ptraceLinks.add(x,
                    SymTasks.ptraceList(p), SymTasks.ptraceChildren(x, x.get(t.realParent[p]))));
            return;
        }
        x.set(t.ptrace[p], 0);
        t.family.delInit(x, SymTasks.sibling(p));
        x.set(t.parent[p], x.get(t.realParent[p]));
        t.family.addTail(x, SymTasks.sibling(p), SymTasks.children(x, x.get(t.parent[p])));
        x.when(c.mkAnd(t.is(x, t.exitState[p], ExitState.EXIT_ZOMBIE), c.mkNot(c.mkEq(x.get(t.exitSignal[p]), x.num(-1)))),
                () -> doNotifyParent(x, p));
    }

    /** {@code __exit_signal(p)}. */
    void exitSignal(Exec x, int p) {
        Expr<IntSort> sig = x.get(t.signal[p]);
        BoolExpr last = SymPools.decAndTest(x, pools.signalCount, sig);
        x.when(last, () -> {
            x.write(pools.signalLive, sig, x.num(0));
            x.write(pools.signalGroupExit, sig, x.num(0));
            x.write(pools.groupStopCount, sig, x.num(0));
            x.write(pools.rlimNproc, sig, x.num(0));
        });
        x.set(t.signal[p], -1);
    }

    /** {@code __exit_sighand(p)}. */
    void exitSighand(Exec x, int p) {
        SymPools.add(x, pools.sighandCount, x.get(t.sighand[p]), -1);
        x.set(t.sighand[p], -1);
    }

    boolean fixed(ForkFix fix) {
        return sc.fixes().contains(fix.id());
    }

    BoolExpr threadGroupEmpty(Exec x, int p) {
        Context c = x.ctx();
        BoolExpr other = c.mkFalse();
        for (int q = 0; q < slots; q++) {
            if (q != p) {
                other = c.mkOr(other, c.mkAnd(x.isSet(t.attached[q][PidType.PIDTYPE_TGID.ordinal()]),
                        c.mkEq(x.get(t.tgid[q]), x.get(t.tgid[p]))));
            }
        }
        return c.mkNot(other);
    }

    /** {@code put_task_struct(p)}. */
    void putTaskStruct(Exec x, int p) {
        x.add(t.usage[p], -1);
        x.when(x.ctx().mkEq(x.get(t.usage[p]), x.num(0)), () -> {
            SymPools.add(x, pools.userCount, x.get(t.user[p]), -1);
            freeTask(x, p);
        });
    }

    void freeTask(Exec x, int p) {
        t.clear(x, p);
        f.clearAll(x, p);
        x.set(vforkReleases[p], 0);
    }

    /** {@code Kernel.schedule}. */
    void schedule(Exec x, int cpu) {
        Context c = x.ctx();
        Expr<IntSort> prev = x.get(rq.curr[cpu]);
        x.when(c.mkGt(prev, x.num(0)), () -> x.forIndex(prev, slots, p -> x.when(c.mkAnd(x.isSet(t.array[p]),
                c.mkNot(t.is(x, t.state[p], TaskState.TASK_RUNNING))), () -> rq.deactivate(x, t, p, cpu))));
        x.set(rq.needResched[cpu], 0);
        x.set(rq.curr[cpu], pickNext(x, cpu));
    }

    /** {@code Kernel.pickNext}, the run list walked to its length; a walk that does not end has no successor. */
    Expr<IntSort> pickNext(Exec x, int cpu) {
        int head = rq.head(cpu);
        return pickFrom(x, cpu, rq.runList.next(x, head), rq.runList.size());
    }

    private Expr<IntSort> pickFrom(Exec x, int cpu, Expr<IntSort> node, int left) {
        Context c = x.ctx();
        return x.choose(c.mkEq(node, x.num(rq.head(cpu))), () -> idle(x, cpu), () -> {
            if (left == 0) {
                x.undefined();
                return x.num(-1);
            }
            return x.choose(wantsCpu(x, node), () -> node, () -> pickFrom(x, cpu, rq.runList.next(x, node), left - 1));
        });
    }

    BoolExpr scheduleChanges(Exec x, int cpu) {
        Context c = x.ctx();
        Expr<IntSort> prev = x.get(rq.curr[cpu]);
        return x.chooseBool(x.isSet(rq.needResched[cpu]), c::mkTrue, () -> {
            BoolExpr prevQueuedAsleep = x.chooseBool(c.mkGt(prev, x.num(0)), () -> x.selectBool(prev, slots,
                    p -> c.mkAnd(x.isSet(t.array[p]), c.mkNot(t.is(x, t.state[p], TaskState.TASK_RUNNING)))),
                    c::mkFalse);
            return x.chooseBool(prevQueuedAsleep, c::mkTrue, () -> c.mkNot(c.mkEq(pickNext(x, cpu), prev)));
        });
    }

    Expr<IntSort> nr(Exec x, int p, int type) {
        return t.nr(x, p, PidType.values()[type]);
    }
}
