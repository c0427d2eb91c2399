package forkcheck.checker.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import java.util.ArrayList;
import java.util.List;

/** The theorems about alloc_pidmap, and how one is proved or refuted. */
public final class AllocTheorems {
    private AllocTheorems() {}

    /** Pid {@code p} is in the search range of a call that read {@code last}: {@code (last, pid_max) ∪ [RESERVED_PIDS, pid_max)}. */
    private static BoolExpr inRange(SymbolicAlloc a, BitVecExpr p) {
        var c = a.ctx;
        return c.mkAnd(a.ult(p, a.k(a.b.pidMax())),
                c.mkOr(c.mkBVULE(a.k(a.b.reservedPids()), p), a.ult(a.last, p)));
    }

    private static BoolExpr freeBefore(SymbolicAlloc a, BitVecExpr p) {
        return a.ctx.mkNot(a.taken(a.bits, p));
    }

    /** A witness pid for an existential in a negated claim. */
    private static BitVecExpr witness(SymbolicAlloc a) {
        return a.ctx.mkBVConst("w", a.w);
    }

    static List<Theorem> all() {
        List<Theorem> t = new ArrayList<>();
        t.add(new Theorem("a-takes-a-free-pid",
                "a returned pid was free and is now taken, last_pid is it, its page's nr_free dropped by one;"
                        + " nothing else changed (and nothing at all on -1)",
                false, AllocVariant.DROP_ATOMIC_DEC, a -> {
                    var c = a.ctx;
                    List<BoolExpr> post = new ArrayList<>();
                    BitVecExpr r = a.result;
                    BitVecExpr rPage = c.mkBVUDiv(r, a.k(a.b.bitsPerPage()));
                    post.add(c.mkImplies(a.ok, c.mkAnd(freeBefore(a, r), a.taken(a.bitsAfter, r), a.eq(a.lastAfter, r))));
                    post.add(c.mkImplies(c.mkNot(a.ok), a.eq(a.lastAfter, a.last)));
                    post.add(a.bitsAfter.sameBut(a.bits, a.ok, r));
                    for (int m = 0; m < a.pages; m++) {
                        BoolExpr here = c.mkAnd(a.ok, a.eq(rPage, a.k(m)));
                        post.add(a.eq(a.nrFreeAfter[m], a.ite(here, c.mkBVSub(a.nrFree[m], a.k(1)), a.nrFree[m])));
                    }
                    return c.mkAnd(post.toArray(BoolExpr[]::new));
                }));
        t.add(new Theorem("b-in-range",
                "once last_pid >= RESERVED_PIDS, a returned pid is in [RESERVED_PIDS, pid_max)",
                false, AllocVariant.WRAP_TO_ZERO, a -> {
                    var c = a.ctx;
                    return c.mkImplies(c.mkAnd(c.mkBVULE(a.k(a.b.reservedPids()), a.last), a.ok),
                            c.mkAnd(c.mkBVULE(a.k(a.b.reservedPids()), a.result), a.ult(a.result, a.k(a.b.pidMax()))));
                }));
        t.add(new Theorem("c-fails-only-when-full",
                "returns -1 only when no pid of its search range is free",
                true, AllocVariant.NO_RESCAN, a -> failsOnlyWhenFull(a, false)));
        t.add(new Theorem("c2-fails-only-when-full-but-last",
                "what holds instead: returns -1 only when no pid of its search range other than last_pid is free",
                false, AllocVariant.NO_RESCAN, a -> failsOnlyWhenFull(a, true)));
        t.add(new Theorem("d-first-free-after-last",
                "a returned pid is the first free pid of the search range after last_pid in cyclic order"
                        + " (pid_max-1 is followed by RESERVED_PIDS)",
                false, AllocVariant.WRAP_TO_ZERO, AllocTheorems::firstFree));
        t.add(new Theorem("d2-first-free-or-minus-one",
                "the strong form: the first free pid after last_pid in cyclic order, and -1 exactly when none is",
                true, AllocVariant.NO_RESCAN, a -> a.ctx.mkAnd(firstFree(a), failsOnlyWhenFull(a, false))));
        t.add(new Theorem("e-passes-bounded",
                "the for loop runs at most max_scan + 1 passes, each do-while at most two test_and_set_bits",
                false, AllocVariant.EXTRA_PASS, a -> a.ctx.mkAnd(a.unwound(),
                        a.ctx.mkBVULE(a.passes, a.add(a.maxScan, a.k(1))))));
        return t;
    }

    /** -1 only if no pid of the search range is free (but last_pid itself, if {@code butLast}). */
    private static BoolExpr failsOnlyWhenFull(SymbolicAlloc a, boolean butLast) {
        var c = a.ctx;
        BitVecExpr p = witness(a);
        BoolExpr counts = butLast ? c.mkNot(a.eq(p, a.last)) : c.mkTrue();
        return c.mkImplies(c.mkNot(a.ok), c.mkNot(c.mkAnd(inRange(a, p), freeBefore(a, p), counts)));
    }

    /** A returned pid is free, in range, and no free pid of the range comes between last_pid and it. */
    private static BoolExpr firstFree(SymbolicAlloc a) {
        var c = a.ctx;
        BitVecExpr p = c.mkBVConst("v", a.w);
        BitVecExpr r = a.result;
        BoolExpr between = (BoolExpr) c.mkITE(a.ult(a.last, r), c.mkAnd(a.ult(a.last, p), a.ult(p, r)),
                c.mkOr(a.ult(a.last, p), a.ult(p, r)));
        BoolExpr earlierFree = c.mkAnd(inRange(a, p), freeBefore(a, p), between);
        return c.mkImplies(a.ok, c.mkAnd(inRange(a, r), freeBefore(a, r), c.mkNot(earlierFree)));
    }

    public static List<String> ids() {
        return all().stream().map(Theorem::id).toList();
    }

    /** Proved, refuted (with the pidmap that refutes it), or unknown (with Z3's reason). */
    public record Outcome(String theorem, String claim, Bounds bounds, AllocVariant variant, Status status,
            boolean expectRefuted, Concrete counterexample, String reason, double seconds) {
        public boolean proved() {
            return status == Status.UNSATISFIABLE;
        }

        public boolean refuted() {
            return status == Status.SATISFIABLE;
        }

        /** As expected: proved, or refuted where the kernel is known to refute it. */
        public boolean asExpected() {
            return expectRefuted ? refuted() : proved();
        }
    }

    public static Outcome check(String id, Bounds b, AllocVariant variant, int timeoutMs) {
        return check(id, b, variant, PidmapEncoding.auto(b), timeoutMs);
    }

    public static Outcome check(String id, Bounds b, AllocVariant variant, PidmapEncoding encoding, int timeoutMs) {
        Theorem th = all().stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> new forkcheck.spec.BadInputException("unknown theorem '" + id + "' (known: "
                        + String.join(", ", ids()) + ")"));
        long t0 = System.nanoTime();
        try (Context ctx = new Context()) {
            SymbolicAlloc a = new SymbolicAlloc(ctx, b, variant, encoding);
            BoolExpr claim = th.formula().apply(a);
            // The default solver, not a QF_BV tactic solver: measured, QF_BV is faster on some
            // theorems at 4096 bits (b-in-range 4.2 s -> 1.1 s) but slower on most (d2 2.4 s -> 59 s,
            // a 73 s -> 130 s; at the real bounds b 52 s -> 120 s).
            Solver s = ctx.mkSolver();
            Params p = ctx.mkParams();
            p.add("timeout", timeoutMs);
            s.setParameters(p);
            s.add(a.pre());
            s.add(ctx.mkNot(claim));
            Status st = s.check();
            Concrete cex = st == Status.SATISFIABLE ? a.concrete(s.getModel()) : null;
            String reason = st == Status.UNKNOWN ? s.getReasonUnknown() : null;
            return new Outcome(id, th.claim(), b, variant, st, th.expectRefuted(), cex, reason,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The theorem that a variant is meant to break, for each theorem. */
    public static AllocVariant breaker(String id) {
        return all().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow().breaker();
    }

    /**
     * A one-CPU scenario that starts in the counterexample's pidmap and makes the one call: the
     * explicit-state spec must show the same behaviour.
     */
    public static String scenarioText(Bounds b, Concrete cex) {
        StringBuilder t = new StringBuilder();
        t.append("# From a Z3 counterexample: alloc_pidmap on this pidmap returns ").append(cex.result()).append('\n');
        t.append("name           z3-counterexample\n");
        t.append("pid_max        ").append(b.pidMax()).append('\n');
        t.append("bits_per_page  ").append(b.bitsPerPage()).append('\n');
        t.append("reserved_pids  ").append(b.reservedPids()).append('\n');
        t.append("last_pid       ").append(cex.lastPid()).append('\n');
        t.append("taken         ");
        for (int p : cex.taken()) {
            t.append(' ').append(p);
        }
        t.append('\n');
        t.append("pages         ");
        for (int m = 0; m < b.entries(); m++) {
            t.append(' ').append(m);
        }
        t.append('\n');
        t.append("cpu 0          alloc\n");
        t.append("properties     pid-unique nr-free-exact pid-in-range alloc-fails-only-when-full\n");
        return t.toString();
    }
}
