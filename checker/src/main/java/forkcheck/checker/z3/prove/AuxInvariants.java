package forkcheck.checker.z3.prove;

import static forkcheck.spec.pid.PidLabel.ATOMIC_DEC;
import static forkcheck.spec.pid.PidLabel.ATOMIC_INC;
import static forkcheck.spec.pid.PidLabel.FIND_NEXT_OFFSET;
import static forkcheck.spec.pid.PidLabel.IDLE;
import static forkcheck.spec.pid.PidLabel.INSTALL_PAGE;
import static forkcheck.spec.pid.PidLabel.INSTALL_STORE;
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
import forkcheck.checker.z3.InvariantEncoding;
import forkcheck.checker.z3.StateTerms;
import forkcheck.spec.pid.Mutant;
import forkcheck.spec.pid.PidLabel;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The auxiliary invariants of the pid spec, over one state's terms. Each says what the code
 * keeps true between two of its steps, and each is there because an obligation of the spec's
 * invariants has a counterexample to induction without it (named in its description).
 */
public final class AuxInvariants {
    /** The labels of a search in progress: a cursor {@code map, offset} on a present-or-not page. */
    private static final List<PidLabel> SEARCHING = List.of(PAGE_CHECK, SPIN_LOCK, INSTALL_PAGE, INSTALL_STORE,
            PAGE_RECHECK, NR_FREE_READ, TEST_AND_SET_BIT, SET_BIT, FIND_NEXT_OFFSET);
    /** Between claiming a bit and returning its pid. */
    private static final List<PidLabel> CLAIMED = List.of(ATOMIC_DEC, LAST_PID_WRITE);

    private final Context ctx;
    private final PidSpec spec;
    private final StateTerms t;
    private final SymPidmap pm;
    private final SymCpu[] cpus;

    private AuxInvariants(Context ctx, PidSpec spec, StateTerms t) {
        this.ctx = ctx;
        this.spec = spec;
        this.t = t;
        pm = new SymPidmap(spec.scenario());
        cpus = new SymCpu[spec.scenario().cpus().size()];
        for (int c = 0; c < cpus.length; c++) {
            cpus[c] = new SymCpu(c, spec.scenario().cpus().get(c));
        }
    }

    public static List<AuxInvariant> of(Context ctx, PidSpec spec, StateTerms terms) {
        return new AuxInvariants(ctx, spec, terms).all();
    }

    private List<AuxInvariant> all() {
        List<AuxInvariant> a = new ArrayList<>();
        a.add(new AuxInvariant("pc-in-code", "a CPU is between calls (IDLE only before its first op) or at a label"
                + " of the op it runs; never at LAST_PID_READ or CLEAR_BIT, which run with the call's begin, nor at a"
                + " mutant's label without that mutant (else ATOMIC_INC returns into an alloc's RET: pid-in-range)",
                each(this::pcInCode)));
        a.add(new AuxInvariant("lock-owner", "pidmap_lock is held exactly by the CPU at INSTALL_PAGE, if any",
                lockOwner()));
        a.add(new AuxInvariant("absent-page-blank", "a page not yet installed has no bit set and nr_free =="
                + " BITS_PER_PAGE (else INSTALL_PAGE's zeroed page breaks nr-free-exact)", absentPagesBlank()));
        a.add(new AuxInvariant("page-present-when-read", "a CPU past the page check (NR_FREE_READ to LAST_PID_WRITE,"
                + " ATOMIC_INC) works on a present page (else it sets or counts bits of an absent one)",
                each(this::pagePresentWhenRead)));
        a.add(new AuxInvariant("held-bits-set", "every held pid has its bit set on a present page (else a"
                + " test_and_set_bit claims a held pid: pid-unique; or a free clears a clear bit: nr-free-exact)",
                heldBitsSet()));
        a.add(new AuxInvariant("search-cursor", "in a search, map*BITS_PER_PAGE+offset is a pid in [1, pid_max), at"
                + " least RESERVED_PIDS once wrapped, with offset < BITS_PER_PAGE; pid is that pid except in"
                + " find_next_offset's word steps; i <= max_scan (else the pid claimed is out of range: pid-in-range;"
                + " or ++i overflows: deadlock-free)",
                each(this::searchCursor)));
        a.add(new AuxInvariant("claimed-unheld", "a CPU between test_and_set_bit and its return has set the bit of"
                + " its pid, in range, and no one holds or has claimed that pid (else the return duplicates it:"
                + " pid-unique)", claimedUnheld()));
        if (spec.ghosts().free()) {
            a.add(new AuxInvariant("free-ghost-sound", "a pid in an allocating CPU's ghost free is free and in its"
                    + " search range (p >= RESERVED_PIDS or p > last)", each(this::freeGhostSound)));
        }
        if (spec.ghosts().free() && freesNothing()) {
            a.add(new AuxInvariant("search-ahead", "with no free_pidmap, each pid in a searching CPU's ghost free other"
                    + " than its last is still ahead of the search: on a page and offset a remaining pass of the for"
                    + " loop examines, below last on the final pass (else returning -1 breaks"
                    + " alloc-fails-only-when-full)", each(this::searchAhead)));
        }
        if (spec.ghosts().free() && freesNothing() && startsWithLastPidTaken()) {
            a.add(new AuxInvariant("last-pid-taken", "with no free_pidmap and last_pid taken at the start, last_pid's"
                    + " bit is set, and so is the bit of every allocating CPU's last (so the search never owes"
                    + " last_pid itself: README finding 2)", lastPidTaken()));
        }
        if (spec.ghosts().free() && freesNothing() && !startsWithLastPidTaken()) {
            a.add(new AuxInvariant("free-ghost-complete", "with no free_pidmap, every free pid of an allocating CPU's"
                    + " search range is in its ghost free: nothing frees, so a pid free now was free when the call"
                    + " began (else the ghost may hold last alone, which the search never returns: finding 2)",
                    each(this::freeGhostComplete)));
            a.add(new AuxInvariant("nr-free-bounded", "with no free_pidmap, the nr_free counters sum to at least"
                    + " PIDMAP_ENTRIES*BITS_PER_PAGE less the pids taken at the start and one per allocation whose"
                    + " atomic_dec has run; with nr-free-exact, the pids taken are at most those of the start plus"
                    + " the allocations begun, so where these are few, two pids of [RESERVED_PIDS, pid_max) stay free"
                    + " and one is not last (else the search may owe last alone: alloc-fails-only-when-full)",
                    nrFreeBounded()));
        }
        if (spec.ghosts().pageFault()) {
            a.add(new AuxInvariant("fault-recorded", "a CPU whose get_zeroed_page failed has page_fault set, and one"
                    + " whose install succeeded finds the page present at PAGE_RECHECK (else PAGE_RECHECK's -1 breaks"
                    + " alloc-fails-only-when-full)", each(this::faultRecorded)));
        }
        return a;
    }

    private BoolExpr each(IntFunction<BoolExpr> perCpu) {
        BoolExpr[] all = new BoolExpr[cpus.length];
        for (int c = 0; c < cpus.length; c++) {
            all[c] = perCpu.apply(c);
        }
        return ctx.mkAnd(all);
    }

    private Expr<IntSort> v(String name) {
        return t.field(name);
    }

    private Expr<IntSort> n(int k) {
        return ctx.mkInt(k);
    }

    private BoolExpr is(String field, int k) {
        return ctx.mkEq(v(field), n(k));
    }

    private BoolExpr at(int c, PidLabel l) {
        return is(cpus[c].pc, l.ordinal());
    }

    private BoolExpr atAny(int c, List<PidLabel> ls) {
        return ctx.mkOr(ls.stream().map(l -> at(c, l)).toArray(BoolExpr[]::new));
    }

    /** The op now running (the last begun) is one that {@code kind} accepts. */
    private BoolExpr running(int c, Predicate<Op> kind) {
        List<Op> prog = cpus[c].program;
        List<BoolExpr> ks = new ArrayList<>();
        for (int k = 0; k < prog.size(); k++) {
            if (kind.test(prog.get(k))) {
                ks.add(is(cpus[c].op, k + 1));
            }
        }
        return ctx.mkOr(ks.toArray(BoolExpr[]::new));
    }

    private BoolExpr pcInCode(int c) {
        Mutant m = spec.mutant();
        List<PidLabel> allocLabels = new ArrayList<>(Arrays.stream(PidLabel.values())
                .filter(l -> l.inAllocPidmap() && l != PidLabel.LAST_PID_READ).toList());
        if (m != Mutant.SPLIT_TEST_AND_SET_BIT) {
            allocLabels.remove(SET_BIT);
        }
        if (m != Mutant.INSTALL_PAGE_WITHOUT_LOCK) {
            allocLabels.remove(INSTALL_STORE);
        }
        BoolExpr idle = ctx.mkAnd(at(c, IDLE), is(cpus[c].op, 0));
        BoolExpr ret = ctx.mkAnd(at(c, RET), ctx.mkNot(is(cpus[c].op, 0)));
        BoolExpr allocating = ctx.mkAnd(atAny(c, allocLabels), running(c, op -> op instanceof Op.Alloc));
        BoolExpr freeing = ctx.mkAnd(at(c, ATOMIC_INC), running(c, op -> !(op instanceof Op.Alloc)));
        return ctx.mkOr(idle, ret, allocating, freeing);
    }

    private BoolExpr lockOwner() {
        List<BoolExpr> all = new ArrayList<>();
        for (int c = 0; c < cpus.length; c++) {
            all.add(ctx.mkEq(at(c, INSTALL_PAGE), is(SymPidmap.LOCK_OWNER, c)));
        }
        all.add(ctx.mkLe(n(-1), v(SymPidmap.LOCK_OWNER)));
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    private BoolExpr absentPagesBlank() {
        List<BoolExpr> all = new ArrayList<>();
        for (int m = 0; m < pm.entries; m++) {
            List<BoolExpr> blank = new ArrayList<>();
            blank.add(is(SymPidmap.nrFree(m), pm.bitsPerPage));
            for (BoolExpr b : t.bitmap(SymPidmap.bits(m))) {
                blank.add(ctx.mkNot(b));
            }
            all.add(ctx.mkImplies(is(SymPidmap.page(m), 0), ctx.mkAnd(blank.toArray(BoolExpr[]::new))));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    /** Page {@code map} (a term) is present. */
    private BoolExpr present(Expr<IntSort> map) {
        List<BoolExpr> any = new ArrayList<>();
        for (int m = 0; m < pm.entries; m++) {
            any.add(ctx.mkAnd(ctx.mkEq(map, n(m)), is(SymPidmap.page(m), 1)));
        }
        return ctx.mkOr(any.toArray(BoolExpr[]::new));
    }

    /** The bit of {@code pid} (a term) is set, on a present page; false outside {@code [0, pid_max)}. */
    private BoolExpr bitSet(Expr<IntSort> pid) {
        List<BoolExpr> any = new ArrayList<>();
        for (int p = 0; p < pm.pidMax; p++) {
            int m = p / pm.bitsPerPage;
            any.add(ctx.mkAnd(ctx.mkEq(pid, n(p)), is(SymPidmap.page(m), 1),
                    t.bitmap(SymPidmap.bits(m))[p % pm.bitsPerPage]));
        }
        return ctx.mkOr(any.toArray(BoolExpr[]::new));
    }

    private BoolExpr pagePresentWhenRead(int c) {
        List<PidLabel> reading = List.of(NR_FREE_READ, TEST_AND_SET_BIT, SET_BIT, FIND_NEXT_OFFSET, ATOMIC_DEC,
                LAST_PID_WRITE, ATOMIC_INC);
        return ctx.mkImplies(atAny(c, reading), present(v(cpus[c].map)));
    }

    private BoolExpr heldBitsSet() {
        List<BoolExpr> all = new ArrayList<>();
        all.add(ctx.mkTrue());
        for (InvariantEncoding.Holding h : new InvariantEncoding(ctx, spec, t).holdings()) {
            all.add(ctx.mkImplies(h.held(), bitSet(h.pid())));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    private Expr<IntSort> cursor(int c) {
        return ctx.mkAdd(ctx.mkMul(v(cpus[c].map), n(pm.bitsPerPage)), v(cpus[c].offset));
    }

    private BoolExpr searchCursor(int c) {
        SymCpu f = cpus[c];
        Expr<IntSort> cur = cursor(c);
        BoolExpr inRange = ctx.mkAnd(ctx.mkLe(n(1), cur), ctx.mkLt(cur, n(pm.pidMax)),
                ctx.mkLt(v(f.offset), n(pm.bitsPerPage)),
                ctx.mkImplies(is(f.wrapped, 1), ctx.mkLe(n(pm.reservedPids), cur)));
        BoolExpr pidIsCursor = ctx.mkOr(at(c, FIND_NEXT_OFFSET), ctx.mkEq(v(f.pid), cur));
        BoolExpr passInLoop = ctx.mkLe(v(f.i), v(f.maxScan));
        return ctx.mkImplies(atAny(c, SEARCHING), ctx.mkAnd(inRange, pidIsCursor, passInLoop));
    }

    private BoolExpr claimedUnheld() {
        List<BoolExpr> all = new ArrayList<>();
        List<InvariantEncoding.Holding> held = new InvariantEncoding(ctx, spec, t).holdings();
        for (int c = 0; c < cpus.length; c++) {
            SymCpu f = cpus[c];
            Expr<IntSort> pid = v(f.pid);
            List<BoolExpr> claim = new ArrayList<>();
            claim.add(ctx.mkEq(pid, cursor(c)));
            claim.add(ctx.mkLe(n(1), pid));
            claim.add(ctx.mkImplies(is(f.wrapped, 1), ctx.mkLe(n(pm.reservedPids), pid)));
            claim.add(bitSet(pid));
            for (InvariantEncoding.Holding h : held) {
                claim.add(ctx.mkNot(ctx.mkAnd(h.held(), ctx.mkEq(h.pid(), pid))));
            }
            for (int d = 0; d < cpus.length; d++) {
                if (d != c) {
                    claim.add(ctx.mkImplies(atAny(d, CLAIMED), ctx.mkNot(ctx.mkEq(v(cpus[d].pid), pid))));
                }
            }
            all.add(ctx.mkImplies(atAny(c, CLAIMED), ctx.mkAnd(claim.toArray(BoolExpr[]::new))));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    private boolean freesNothing() {
        return spec.scenario().cpus().stream().flatMap(List::stream).allMatch(op -> op instanceof Op.Alloc);
    }

    private boolean startsWithLastPidTaken() {
        return spec.scenario().taken().contains(spec.scenario().lastPid())
                && spec.scenario().pages().contains(spec.scenario().lastPid() / pm.bitsPerPage);
    }

    private BoolExpr allocatingAny(int c) {
        return atAny(c, Arrays.stream(PidLabel.values()).filter(PidLabel::inAllocPidmap).toList());
    }

    private BoolExpr freeGhostSound(int c) {
        SymCpu f = cpus[c];
        BoolExpr[] free = t.bitmap(f.free);
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 0; p < free.length; p++) {
            BoolExpr inRange = ctx.mkOr(ctx.mkBool(p >= pm.reservedPids), ctx.mkLt(v(f.last), n(p)));
            all.add(ctx.mkImplies(free[p], ctx.mkAnd(inRange, isFree(p))));
        }
        return ctx.mkImplies(allocatingAny(c), ctx.mkAnd(all.toArray(BoolExpr[]::new)));
    }

    private BoolExpr isFree(int p) {
        int m = p / pm.bitsPerPage;
        return ctx.mkOr(is(SymPidmap.page(m), 0), ctx.mkNot(t.bitmap(SymPidmap.bits(m))[p % pm.bitsPerPage]));
    }

    /**
     * Pass {@code i + d} of the for loop is on page {@code (map + d) mod PIDMAP_ENTRIES}, from
     * {@code offset} on this pass, from 0 on a later one (RESERVED_PIDS on page 0, after the
     * wrap); on the final pass ({@code i == max_scan}) find_next_offset takes only pids below
     * last, unless last+1 starts a page.
     */
    private BoolExpr searchAhead(int c) {
        SymCpu f = cpus[c];
        BoolExpr[] free = t.bitmap(f.free);
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 0; p < free.length; p++) {
            int page = p / pm.bitsPerPage;
            int off = p % pm.bitsPerPage;
            List<BoolExpr> passes = new ArrayList<>();
            for (int d = 0; d <= pm.entries; d++) {
                Expr<IntSort> pass = ctx.mkAdd(v(f.i), n(d));
                BoolExpr onPage = ctx.mkEq(ctx.mkMod(ctx.mkAdd(v(f.map), n(d)), n(pm.entries)), n(page));
                BoolExpr fromOffset = d == 0 ? ctx.mkLe(v(f.offset), n(off)) : ctx.mkBool(off >= (page == 0 ? pm.reservedPids : 0));
                BoolExpr finalPassTakes = ctx.mkImplies(ctx.mkEq(pass, v(f.maxScan)), ctx.mkOr(ctx.mkLt(n(p), v(f.last)),
                        ctx.mkEq(ctx.mkMod(ctx.mkAdd(v(f.last), n(1)), n(pm.bitsPerPage)), n(0))));
                passes.add(ctx.mkAnd(ctx.mkLe(pass, v(f.maxScan)), onPage, fromOffset, finalPassTakes));
            }
            BoolExpr owed = ctx.mkAnd(free[p], ctx.mkNot(ctx.mkEq(v(f.last), n(p))));
            all.add(ctx.mkImplies(owed, ctx.mkOr(passes.toArray(BoolExpr[]::new))));
        }
        return ctx.mkImplies(atAny(c, SEARCHING), ctx.mkAnd(all.toArray(BoolExpr[]::new)));
    }

    private BoolExpr freeGhostComplete(int c) {
        SymCpu f = cpus[c];
        BoolExpr[] free = t.bitmap(f.free);
        List<BoolExpr> all = new ArrayList<>();
        for (int p = 0; p < free.length; p++) {
            BoolExpr inRange = ctx.mkOr(ctx.mkBool(p >= pm.reservedPids), ctx.mkLt(v(f.last), n(p)));
            all.add(ctx.mkImplies(ctx.mkAnd(inRange, isFree(p)), free[p]));
        }
        return ctx.mkImplies(allocatingAny(c), ctx.mkAnd(all.toArray(BoolExpr[]::new)));
    }

    /**
     * Each {@code atomic_dec} follows the {@code test_and_set_bit} of a call that then returns, and
     * nothing increments: so the counters' sum is at least its start, {@code PIDMAP_ENTRIES *
     * BITS_PER_PAGE} less the taken pids, less, per CPU, every op before the current one and the
     * current one past its {@code atomic_dec} (at LAST_PID_WRITE or RET). A bound on the counters,
     * not on the bits: it is linear in a few terms, and nr-free-exact turns it into one on the bits.
     */
    private BoolExpr nrFreeBounded() {
        List<Expr<IntSort>> counters = new ArrayList<>();
        for (int m = 0; m < pm.entries; m++) {
            counters.add(v(SymPidmap.nrFree(m)));
        }
        List<Expr<IntSort>> done = new ArrayList<>();
        done.add(n(spec.scenario().taken().size()));
        for (int c = 0; c < cpus.length; c++) {
            SymCpu f = cpus[c];
            Expr<IntSort> current = ctx.mkITE(atAny(c, List.of(LAST_PID_WRITE, RET)), n(1), n(0));
            done.add(ctx.mkITE(is(f.op, 0), n(0), ctx.mkAdd(ctx.mkSub(v(f.op), n(1)), current)));
        }
        return ctx.mkGe(ctx.mkAdd(sum(counters), sum(done)), n(pm.entries * pm.bitsPerPage));
    }

    @SuppressWarnings("unchecked")
    private Expr<IntSort> sum(List<Expr<IntSort>> terms) {
        return ctx.mkAdd(terms.toArray(Expr[]::new));
    }

    private BoolExpr lastPidTaken() {
        List<BoolExpr> all = new ArrayList<>();
        all.add(bitSet(v(SymPidmap.LAST_PID)));
        for (int c = 0; c < cpus.length; c++) {
            all.add(ctx.mkImplies(allocatingAny(c), bitSet(v(cpus[c].last))));
        }
        return ctx.mkAnd(all.toArray(BoolExpr[]::new));
    }

    private BoolExpr faultRecorded(int c) {
        SymCpu f = cpus[c];
        BoolExpr installing = atAny(c, List.of(SPIN_LOCK, INSTALL_PAGE, INSTALL_STORE, PAGE_RECHECK));
        BoolExpr failed = ctx.mkImplies(ctx.mkAnd(installing, is(f.page, 0)), is(f.pageFault, 1));
        BoolExpr installed = ctx.mkImplies(ctx.mkAnd(at(c, PAGE_RECHECK), is(f.page, 1)), present(v(f.map)));
        return ctx.mkAnd(failed, installed);
    }
}
