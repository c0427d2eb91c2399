package forkcheck.checker.z3.prove.fork;

import forkcheck.model.Layout;
import forkcheck.model.Var;
import java.util.List;

/**
 * Why Houdini drops candidates, for whoever tunes the templates: the pre-state of a step that
 * breaks some, against the reachable state nearest to it. The variables they differ in are what
 * the standing candidates failed to rule out, and so the relation a template is missing (a
 * parent's {@code need_resched} and its child's control state, say).
 */
final class Drops {
    /** How many of the candidates a step breaks are listed; the rest are counted. */
    private static final int LISTED = 5;

    private final Layout layout;
    private final List<long[]> reachable;

    Drops(Layout layout, List<long[]> reachable) {
        this.layout = layout;
        this.reachable = reachable;
    }

    /**
     * The step of {@code row} from {@code pre} to {@code post}: what the nearest reachable state
     * holds instead, what the step changed, and which of {@code standing} it breaks.
     */
    String explain(String row, long[] pre, long[] post, List<Mined> standing) {
        StringBuilder b = new StringBuilder("drop at ").append(row).append('\n');
        long[] near = nearest(pre);
        b.append("  differs from the nearest reachable state in:");
        for (Var v : layout.vars()) {
            if (!v.show(pre).equals(v.show(near))) {
                b.append(' ').append(v.name()).append(" = ").append(v.show(pre)).append(" (reachable: ")
                        .append(v.show(near)).append(')');
            }
        }
        b.append("\n  the step changes:");
        for (Var v : layout.vars()) {
            if (!v.show(pre).equals(v.show(post))) {
                b.append(' ').append(v.name()).append(" -> ").append(v.show(post));
            }
        }
        List<Mined> broken = standing.stream().filter(m -> m.holds(pre) && !m.holds(post)).toList();
        broken.stream().limit(LISTED).forEach(m -> b.append("\n  breaks ").append(m.describe(layout)));
        if (broken.size() > LISTED) {
            b.append("\n  and ").append(broken.size() - LISTED).append(" more");
        }
        return b.append('\n').toString();
    }

    /** The reachable state that differs from {@code s} in the fewest variables. */
    private long[] nearest(long[] s) {
        long[] best = reachable.get(0);
        int fewest = Integer.MAX_VALUE;
        for (long[] r : reachable) {
            int d = 0;
            for (Var v : layout.vars()) {
                if (!v.show(s).equals(v.show(r)) && ++d >= fewest) {
                    break;
                }
            }
            if (d < fewest) {
                fewest = d;
                best = r;
            }
        }
        return best;
    }
}
