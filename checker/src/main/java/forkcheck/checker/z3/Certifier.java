package forkcheck.checker.z3;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import forkcheck.checker.engine.StateObserver;
import forkcheck.model.Var;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks states with Z3 as well as with the Java predicates, and throws on the first state where
 * they disagree. One context and one solver for the whole run, a push/pop per state: building a
 * context per state costs far more than the query.
 *
 * <p>Each invariant is asserted once, guarded by an indicator constant ({@code a => !Inv}); a
 * state then costs one push of its values and one check per invariant assuming its indicator.
 */
public final class Certifier implements StateObserver, AutoCloseable {
    private final Spec spec;
    private final Context ctx = new Context();
    private final Solver solver;
    private final Encoding enc;
    private final List<String> names = new ArrayList<>();
    private final List<BoolExpr> indicators = new ArrayList<>();
    private final List<Property> javaProps = new ArrayList<>();
    private long states;
    private long queries;
    private long nanos;

    /** @throws forkcheck.spec.BadInputException when the spec's model has no encodings ({@link Encodings}) */
    public Certifier(Spec spec) {
        this(spec, null);
    }

    /**
     * With {@code javaProperties} standing for the encoding's own Java properties, by name: a test's
     * deliberately wrong predicate; null for the encoding's.
     */
    public Certifier(Spec spec, List<Property> javaProperties) {
        this.spec = spec;
        try {
            enc = Encodings.of(ctx, spec);
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
        List<Property> java = javaProperties == null ? enc.properties() : javaProperties;
        // Every query has every constant pinned, so no tactic search pays: the encoding's plain logic.
        solver = ctx.mkSolver(enc.logic());
        for (BoolExpr d : enc.definitions()) {
            solver.add(d);
        }
        for (Map.Entry<String, BoolExpr> e : enc.invariants().entrySet()) {
            BoolExpr a = ctx.mkBoolConst("violates:" + e.getKey());
            solver.add(ctx.mkImplies(a, ctx.mkNot(e.getValue())));
            names.add(e.getKey());
            indicators.add(a);
            javaProps.add(java.stream().filter(p -> p.name().equals(e.getKey())).findFirst().orElseThrow());
        }
    }

    /** The invariants Z3 checks, by name. */
    public List<String> invariants() {
        return List.copyOf(names);
    }

    /** Whether Z3 finds {@code s} to violate the named invariant. */
    public synchronized boolean z3Violates(long[] s, String invariant) {
        int k = names.indexOf(invariant);
        if (k < 0) {
            throw new IllegalArgumentException("no encoding of " + invariant);
        }
        solver.push();
        try {
            solver.add(enc.assign(s));
            return query(k);
        } finally {
            solver.pop();
        }
    }

    /** The invariants Z3 finds {@code s} to violate, in the encoding's order: one push for them all. */
    public synchronized List<String> z3Violated(long[] s) {
        solver.push();
        try {
            solver.add(enc.assign(s));
            List<String> violated = new ArrayList<>();
            for (int k = 0; k < names.size(); k++) {
                if (query(k)) {
                    violated.add(names.get(k));
                }
            }
            return violated;
        } finally {
            solver.pop();
        }
    }

    private boolean query(int k) {
        queries++;
        Status st = solver.check(indicators.get(k));
        if (st == Status.UNKNOWN) {
            throw new CertificationException("Z3 returned unknown on " + names.get(k) + ": " + solver.getReasonUnknown());
        }
        return st == Status.SATISFIABLE;
    }

    @Override
    public synchronized void observe(long[] s, long fingerprint) {
        long t0 = System.nanoTime();
        solver.push();
        try {
            solver.add(enc.assign(s));
            for (int k = 0; k < names.size(); k++) {
                boolean z3 = !query(k);
                boolean java = javaProps.get(k).predicate().test(s);
                if (z3 != java) {
                    throw new CertificationException(String.format(
                            "Z3 and the Java predicate disagree on %s in state %016x: Java says it %s, Z3 says it %s%n%s",
                            names.get(k), fingerprint, java ? "holds" : "is violated", z3 ? "holds" : "is violated",
                            show(s)));
                }
            }
        } finally {
            solver.pop();
        }
        states++;
        nanos += System.nanoTime() - t0;
    }

    private String show(long[] s) {
        StringBuilder b = new StringBuilder();
        for (Var v : spec.layout().vars()) {
            b.append("    ").append(v.name()).append(" = ").append(v.show(s)).append('\n');
        }
        return b.toString();
    }

    public synchronized long states() {
        return states;
    }

    public synchronized long queries() {
        return queries;
    }

    public synchronized double seconds() {
        return nanos / 1e9;
    }

    @Override
    public void close() {
        ctx.close();
    }
}
