package forkcheck.checker.z3.prove;

import com.microsoft.z3.Expr;
import java.util.HashSet;
import java.util.Set;

/** The state variables a formula mentions, by the layout's names (a bitmap's bit constants by the bitmap's). */
final class Consts {
    private Consts() {}

    static void names(Expr<?> e, Set<String> out) {
        walk(e, out, new HashSet<>());
    }

    private static void walk(Expr<?> e, Set<String> out, Set<Integer> seen) {
        if (!seen.add(e.getId())) {
            return;
        }
        if (e.isConst()) {
            String n = e.getFuncDecl().getName().toString();
            int hash = n.indexOf('#');
            out.add(hash >= 0 ? n.substring(0, hash) : n);
            return;
        }
        for (Expr<?> a : e.getArgs()) {
            walk(a, out, seen);
        }
    }
}
