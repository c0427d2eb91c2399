package forkcheck.checker.z3.prove;

import forkcheck.model.Var;
import forkcheck.spec.Spec;

/** A counterexample to induction as a kernel engineer reads it: the state, the step, what changed. */
public final class CtiText {
    private CtiText() {}

    public static String show(Spec spec, Outcome o) {
        Cti c = o.cti();
        StringBuilder b = new StringBuilder();
        Obligation ob = o.obligation();
        if (ob.step().equals(Obligation.INIT)) {
            b.append("The initial state violates ").append(ob.target()).append(":\n");
        } else if (ob.step().equals(Obligation.PROGRESS)) {
            b.append("A state where every invariant holds but no CPU can move and the run has not finished, reachable: ")
                    .append(reachable(c)).append('\n');
        } else {
            b.append("Counterexample to induction: ").append(ob.target()).append(" at ").append(ob.step())
                    .append(", reachable: ").append(reachable(c)).append('\n');
            b.append("  step: cpu").append(c.cpu()).append(' ').append(c.label())
                    .append(c.fail() ? " (its allocation fails)" : "").append('\n');
        }
        b.append("  state (every invariant and auxiliary invariant holds in it):\n");
        for (Var v : spec.layout().vars()) {
            if (!c.relevant().contains(v.name())) {
                continue;
            }
            String was = v.show(c.before());
            String now = v.show(c.after());
            b.append("      ").append(v.name()).append(" = ").append(was);
            if (!was.equals(now)) {
                b.append("  ->  ").append(now);
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String reachable(Cti c) {
        return c.reachable() == null ? "unknown (search bounded)" : c.reachable() ? "YES" : "no";
    }
}
