package forkcheck.checker.z3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import forkcheck.model.Field;
import forkcheck.model.Var;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.ScenarioParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * The symbolic alloc_pidmap against the explicit-state spec's: on the same concrete pidmap and
 * last_pid, both return the same pid (or -1), in either encoding of the bits. Without this, a
 * theorem could be about a model that is not the kernel's.
 */
class SymbolicAllocTest {
    private static final List<Bounds> BOUNDS = List.of(new Bounds(12, 8, 2), new Bounds(40, 16, 5), new Bounds(16, 8, 3));

    /** Bit-vector pages; words of 4 bits (several per page: find_next_zero_bit's quantifier over the words between); a word per page. */
    private static PidmapEncoding encoding(int e, Bounds b) {
        return switch (e) {
            case 0 -> PidmapEncoding.PAGES;
            case 1 -> PidmapEncoding.words(4);
            default -> PidmapEncoding.words(b);
        };
    }

    @Test
    void symbolicAndExplicitAllocReturnTheSamePid() {
        try (Context ctx = new Context()) {
            // Dense maps, so that full pages, wraps and the last-pid case all come up.
            // Which bounds and which encoding, in one generator: bounds = x % 3, encoding = x / 3.
            qt().withExamples(240).forAll(Generate.range(0, 3 * BOUNDS.size() - 1), Generate.longRange(0, Long.MAX_VALUE),
                    Generate.range(0, 1000), Generate.range(60, 100)).checkAssert((x, seed, lastSeed, density) -> {
                Bounds b = BOUNDS.get(x % BOUNDS.size());
                int e = x / BOUNDS.size();
                java.util.Random rnd = new java.util.Random(seed);
                List<Integer> taken = new ArrayList<>();
                taken.add(0);
                for (int p = 1; p < b.pidMax(); p++) {
                    if (rnd.nextInt(100) < density) {
                        taken.add(p);
                    }
                }
                int last = lastSeed % b.pidMax();
                Concrete in = new Concrete(last, taken, 0);
                assertEquals(explicit(b, in), symbolic(ctx, b, encoding(e, b), in), in + " at " + b + ", " + encoding(e, b));
            });
        }
    }

    private static int explicit(Bounds b, Concrete in) {
        PidSpec spec = new PidSpec(ScenarioParser.parse("t", AllocTheorems.scenarioText(b, in)));
        long[] s = spec.layout().newState();
        long[] t = spec.layout().newState();
        spec.init(s);
        while (!spec.isFinal(s)) {
            spec.step(s, 0, t);
            long[] x = s;
            s = t;
            t = x;
        }
        for (Var v : spec.layout().vars()) {
            if (v.name().equals("cpu0.r1")) {
                return ((Field) v).get(s);
            }
        }
        throw new AssertionError();
    }

    private static int symbolic(Context ctx, Bounds b, PidmapEncoding enc, Concrete in) {
        SymbolicAlloc a = new SymbolicAlloc(ctx, b, AllocVariant.KERNEL, enc);
        Solver s = ctx.mkSolver();
        s.add(a.pre());
        s.add(ctx.mkEq(a.last, a.k(in.lastPid())));
        s.add(a.bits.is(in.taken()));
        for (int m = 0; m < a.pages; m++) {
            int page = m;
            long set = in.taken().stream().filter(p -> p / b.bitsPerPage() == page).count();
            s.add(ctx.mkEq(a.nrFree[m], a.k(b.bitsPerPage() - set)));
        }
        assertEquals(Status.SATISFIABLE, s.check());
        int r = a.concrete(s.getModel()).result();
        // find_next_zero_bit is a contract, not a function: the result must not depend on the model chosen.
        BoolExpr other = ctx.mkOr(ctx.mkNot(a.ok), ctx.mkNot(ctx.mkEq(a.result, a.k(Math.max(r, 0)))));
        s.add(r < 0 ? a.ok : other);
        assertEquals(Status.UNSATISFIABLE, s.check(), "the symbolic result is determined");
        return r;
    }
}
