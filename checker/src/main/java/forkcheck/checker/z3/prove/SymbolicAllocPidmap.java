package forkcheck.checker.z3.prove;

import static forkcheck.spec.pid.PidLabel.ATOMIC_DEC;
import static forkcheck.spec.pid.PidLabel.FIND_NEXT_OFFSET;
import static forkcheck.spec.pid.PidLabel.INSTALL_PAGE;
import static forkcheck.spec.pid.PidLabel.INSTALL_STORE;
import static forkcheck.spec.pid.PidLabel.LAST_PID_READ;
import static forkcheck.spec.pid.PidLabel.LAST_PID_WRITE;
import static forkcheck.spec.pid.PidLabel.NR_FREE_READ;
import static forkcheck.spec.pid.PidLabel.PAGE_CHECK;
import static forkcheck.spec.pid.PidLabel.PAGE_RECHECK;
import static forkcheck.spec.pid.PidLabel.RET;
import static forkcheck.spec.pid.PidLabel.SET_BIT;
import static forkcheck.spec.pid.PidLabel.SPIN_LOCK;
import static forkcheck.spec.pid.PidLabel.TEST_AND_SET_BIT;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import forkcheck.spec.pid.Ghosts;
import forkcheck.spec.pid.Mutant;

/**
 * {@code AllocPidmap}'s steps on a symbolic state, method for method: a copy of the semantics, so
 * {@code SymbolicStepTest} holds it to the Java on random states. Where the Java returns early,
 * this takes the other branch in an {@code else}.
 */
final class SymbolicAllocPidmap {
    /** {@code AllocPidmap.BITS_PER_LONG}: find_next_zero_bit's word on i386. */
    static final int BITS_PER_LONG = 32;

    private final SymPidmap pm;
    private final SymCpu[] cpus;
    private final Mutant mutant;
    private final Ghosts ghosts;
    private final boolean mayFailPage;

    SymbolicAllocPidmap(SymPidmap pm, SymCpu[] cpus, Mutant mutant, Ghosts ghosts, boolean mayFailPage) {
        this.pm = pm;
        this.cpus = cpus;
        this.mutant = mutant;
        this.ghosts = ghosts;
        this.mayFailPage = mayFailPage;
    }

    /** {@code AllocPidmap.mayFail}, for the moving CPU at a known label. */
    BoolExpr mayFail(Exec x, SymCpu f) {
        if (!mayFailPage || f.label(x) != PAGE_CHECK) {
            return x.ctx().mkFalse();
        }
        return x.ctx().mkNot(pm.pagePresent(x, x.get(f.map)));
    }

    BoolExpr enabled(Exec x, SymCpu f) {
        if (f.label(x) != SPIN_LOCK) {
            return x.ctx().mkTrue();
        }
        return x.ctx().mkEq(x.get(SymPidmap.LOCK_OWNER), x.num(-1));
    }

    void call(Exec x, SymCpu f) {
        f.clearFrame(x);
        f.setPc(x, LAST_PID_READ);
    }

    void step(Exec x, SymCpu f, BoolExpr fail) {
        Context c = x.ctx();
        switch (f.label(x)) {
            case LAST_PID_READ -> lastPidRead(x, f);
            case PAGE_CHECK -> pageCheck(x, f, fail);
            case SPIN_LOCK -> {
                x.when(c.mkEq(x.get(SymPidmap.LOCK_OWNER), x.num(-1)),
                        () -> x.set(SymPidmap.LOCK_OWNER, f.cpu), x::undefined);
                f.setPc(x, INSTALL_PAGE);
            }
            case INSTALL_PAGE -> installPage(x, f);
            case INSTALL_STORE -> {
                x.forIndex(x.get(f.map), pm.entries, m -> installFreshPage(x, m, x.get(f.page)));
                f.setPc(x, PAGE_RECHECK);
            }
            case PAGE_RECHECK -> x.forIndex(x.get(f.map), pm.entries, m -> x.when(isZero(x, SymPidmap.page(m)),
                    () -> ret(x, f, x.num(-1)), () -> f.setPc(x, NR_FREE_READ)));
            case NR_FREE_READ -> x.forIndex(x.get(f.map), pm.entries, m -> x.when(c.mkNot(isZero(x, SymPidmap.nrFree(m))),
                    () -> f.setPc(x, TEST_AND_SET_BIT), () -> nextMap(x, f)));
            case TEST_AND_SET_BIT -> testAndSetBit(x, f);
            case SET_BIT -> {
                x.forIndex(x.get(f.map), pm.entries, m -> x.forIndex(x.get(f.offset), pm.bitsPerPage, o -> setBit(x, m, o)));
                f.setPc(x, ATOMIC_DEC);
            }
            case ATOMIC_DEC -> {
                x.forIndex(x.get(f.map), pm.entries, m ->
                        x.set(SymPidmap.nrFree(m), c.mkSub(x.get(SymPidmap.nrFree(m)), x.num(1))));
                f.setPc(x, LAST_PID_WRITE);
            }
            case LAST_PID_WRITE -> {
                x.set(SymPidmap.LAST_PID, x.get(f.pid));
                ret(x, f, x.get(f.pid));
            }
            case FIND_NEXT_OFFSET -> findNextOffset(x, f);
            default -> x.undefined();
        }
    }

    private static BoolExpr isZero(Exec x, String field) {
        return x.ctx().mkEq(x.get(field), x.num(0));
    }

    private void lastPidRead(Exec x, SymCpu f) {
        Context c = x.ctx();
        Expr<IntSort> last = x.get(SymPidmap.LAST_PID);
        x.set(f.last, last);
        if (ghosts.free()) {
            for (int p = 0; p < pm.pidMax; p++) {
                BoolExpr inRange = c.mkOr(c.mkBool(p >= pm.reservedPids), c.mkGt(x.num(p), last));
                int q = p;
                x.when(c.mkAnd(inRange, pm.isFree(x, p)), () -> x.setBit(f.free, q, c.mkTrue()));
            }
        }
        Expr<IntSort> next = c.mkAdd(last, x.num(1));
        BoolExpr wraps = c.mkGe(next, x.num(pm.pidMax));
        x.when(wraps, () -> x.set(f.wrapped, ghosts.wrapped() ? 1 : 0));
        Expr<IntSort> pid = c.mkITE(wraps, x.num(restart()), next);
        Expr<IntSort> offset = pm.pageOffset(x, pid);
        x.set(f.pid, pid);
        x.set(f.offset, offset);
        x.set(f.map, pm.pageOf(x, pid));
        int pages = (pm.pidMax + pm.bitsPerPage - 1) / pm.bitsPerPage;
        Expr<IntSort> maxScan = c.mkITE(c.mkEq(offset, x.num(0)), x.num(pages - 1), x.num(pages));
        x.set(f.maxScan, mutant == Mutant.NO_RESCAN ? x.num(0) : maxScan);
        x.set(f.i, 0);
        f.setPc(x, PAGE_CHECK);
    }

    private int restart() {
        return mutant == Mutant.WRAP_TO_ZERO ? 0 : pm.reservedPids;
    }

    private void pageCheck(Exec x, SymCpu f, BoolExpr fail) {
        Context c = x.ctx();
        x.forIndex(x.get(f.map), pm.entries, m -> x.when(c.mkNot(isZero(x, SymPidmap.page(m))),
                () -> f.setPc(x, NR_FREE_READ),
                () -> {
                    x.set(f.page, c.mkITE(fail, x.num(0), x.num(1)));
                    if (ghosts.pageFault()) {
                        x.when(fail, () -> x.set(f.pageFault, 1));
                    }
                    f.setPc(x, mutant == Mutant.INSTALL_PAGE_WITHOUT_LOCK ? INSTALL_PAGE : SPIN_LOCK);
                }));
    }

    private void installPage(Exec x, SymCpu f) {
        Context c = x.ctx();
        x.forIndex(x.get(f.map), pm.entries, m -> x.when(c.mkNot(isZero(x, SymPidmap.page(m))),
                () -> {
                    x.set(f.raced, ghosts.raced() ? 1 : 0);
                    f.setPc(x, PAGE_RECHECK);
                    unlock(x);
                },
                () -> {
                    if (mutant == Mutant.INSTALL_PAGE_WITHOUT_LOCK) {
                        f.setPc(x, INSTALL_STORE);
                        return;
                    }
                    installFreshPage(x, m, x.get(f.page));
                    f.setPc(x, PAGE_RECHECK);
                    unlock(x);
                }));
    }

    private void unlock(Exec x) {
        if (mutant != Mutant.INSTALL_PAGE_WITHOUT_LOCK && mutant != Mutant.DROP_SPIN_UNLOCK) {
            x.set(SymPidmap.LOCK_OWNER, -1);
        }
    }

    /** {@code page} is the local flag, 0 or 1: the page field takes its value. */
    private void installFreshPage(Exec x, int m, Expr<IntSort> page) {
        x.set(SymPidmap.page(m), page);
        for (int j = 0; j < pm.bitsPerPage; j++) {
            x.setBit(SymPidmap.bits(m), j, x.ctx().mkFalse());
        }
    }

    private void testAndSetBit(Exec x, SymCpu f) {
        x.forIndex(x.get(f.map), pm.entries, m -> x.forIndex(x.get(f.offset), pm.bitsPerPage, o ->
                x.when(x.bit(SymPidmap.bits(m), o),
                        () -> f.setPc(x, FIND_NEXT_OFFSET),
                        () -> {
                            if (mutant == Mutant.SPLIT_TEST_AND_SET_BIT) {
                                f.setPc(x, SET_BIT);
                            } else {
                                setBit(x, m, o);
                                f.setPc(x, mutant == Mutant.DROP_ATOMIC_DEC ? LAST_PID_WRITE : ATOMIC_DEC);
                            }
                        })));
    }

    /** {@code AllocPidmap.setBit}: the bit, and the pid out of every allocating CPU's ghost {@code free}. */
    private void setBit(Exec x, int m, int o) {
        x.setBit(SymPidmap.bits(m), o, x.ctx().mkTrue());
        int pid = pm.mkPid(m, o);
        if (ghosts.free() && pid < pm.pidMax) {
            for (SymCpu other : cpus) {
                x.when(other.allocating(x), () -> x.setBit(other.free, pid, x.ctx().mkFalse()));
            }
        }
    }

    private void findNextOffset(Exec x, SymCpu f) {
        Context c = x.ctx();
        x.forIndex(x.get(f.map), pm.entries, m -> x.forIndex(x.get(f.offset), pm.bitsPerPage + 1, o -> {
            int wordEnd = Math.min((o / BITS_PER_LONG + 1) * BITS_PER_LONG, pm.bitsPerPage);
            Expr<IntSort> found = nextClear(x, m, o, wordEnd);
            x.when(c.mkAnd(c.mkEq(found, x.num(wordEnd)), c.mkBool(wordEnd < pm.bitsPerPage)),
                    () -> x.set(f.offset, wordEnd),
                    () -> {
                        Expr<IntSort> pid = c.mkAdd(x.num(m * pm.bitsPerPage), found);
                        x.set(f.offset, found);
                        x.set(f.pid, pid);
                        Expr<IntSort> last = x.get(f.last);
                        BoolExpr again = c.mkAnd(c.mkLt(found, x.num(pm.bitsPerPage)), c.mkLt(pid, x.num(pm.pidMax)),
                                c.mkOr(c.mkNot(c.mkEq(x.get(f.i), x.get(f.maxScan))), c.mkLt(pid, last),
                                        c.mkEq(pm.pageOffset(x, c.mkAdd(last, x.num(1))), x.num(0))));
                        x.when(again, () -> f.setPc(x, TEST_AND_SET_BIT), () -> nextMap(x, f));
                    });
        }));
    }

    /** {@code Bitmap.nextClear(from, to)}: the first clear bit of {@code [from, to)}, or {@code to}. */
    private static Expr<IntSort> nextClear(Exec x, int m, int from, int to) {
        Expr<IntSort> r = x.num(to);
        for (int b = to - 1; b >= from; b--) {
            r = x.ctx().mkITE(x.bit(SymPidmap.bits(m), b), r, x.num(b));
        }
        return r;
    }

    private void nextMap(Exec x, SymCpu f) {
        Context c = x.ctx();
        x.forIndex(x.get(f.map), pm.entries, m -> {
            if (m < (pm.pidMax - 1) / pm.bitsPerPage) {
                advance(x, f, m + 1, 0);
            } else {
                int offset = restart();
                x.set(f.wrapped, ghosts.wrapped() ? 1 : 0);
                x.when(c.mkEq(x.get(f.last), x.num(offset)), () -> ret(x, f, x.num(-1)), () -> advance(x, f, 0, offset));
            }
        });
    }

    /** The rest of {@code nextMap}: the next page's first offset, then {@code ++i} and the loop test. */
    private void advance(Exec x, SymCpu f, int map, int offset) {
        Context c = x.ctx();
        x.set(f.map, map);
        x.set(f.offset, offset);
        x.set(f.pid, pm.mkPid(map, offset));
        Expr<IntSort> i = c.mkAdd(x.get(f.i), x.num(1));
        x.set(f.i, i);
        x.when(c.mkLe(i, x.get(f.maxScan)), () -> f.setPc(x, PAGE_CHECK), () -> ret(x, f, x.num(-1)));
    }

    /** {@code return pid;}: the result into the slot of the alloc now running, the dead locals cleared. */
    private void ret(Exec x, SymCpu f, Expr<IntSort> pid) {
        x.set(f.pid, pid);
        Expr<IntSort> result = x.get(f.pid);
        if (!f.program.isEmpty()) {
            x.forIndex(x.ctx().mkSub(x.get(f.op), x.num(1)), f.program.size(), k -> {
                if (f.allocOrdinal(k) < 0) {
                    x.undefined();
                } else {
                    x.set(f.results[f.allocOrdinal(k)], result);
                }
            });
        }
        f.clearDeadLocals(x);
        if (!ghosts.lastAfterReturn()) {
            x.set(f.last, 0);
        }
        f.setPc(x, RET);
    }
}
