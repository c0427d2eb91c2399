package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import forkcheck.checker.z3.StateTerms;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Layout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A candidate auxiliary invariant mined from the reachable states: a tuple of columns takes only
 * the values the search saw it take, everywhere ({@code guard} null) or wherever the tuple
 * {@code guard} (a task's or a CPU's control state, or a pair of them) has the value
 * {@code guardKey}. What the search saw is true of every reachable state; whether it is inductive
 * is for {@link Houdini} to decide. A tuple's value is one number, its columns' values in mixed
 * radix ({@link Tuple#key}).
 */
record Mined(Tuple guard, int guardKey, Tuple tuple, int[] keys) {

    /** Columns read together: one column, those of a task's control state, or of a pair of control states. */
    record Tuple(List<Column> columns) {
        static Tuple of(Column c) {
            return new Tuple(List.of(c));
        }

        /** How many values the tuple can take. */
        int range() {
            return columns.stream().mapToInt(Column::range).reduce(1, Math::multiplyExact);
        }

        /** Its value in {@code s}: each column's value less its minimum, in mixed radix, the first column most significant. */
        int key(long[] s) {
            int key = 0;
            for (Column c : columns) {
                key = key * c.range() + c.value(s) - c.min();
            }
            return key;
        }

        /** Each column's value in the tuple's value {@code key}. */
        int[] values(int key) {
            int[] v = new int[columns.size()];
            for (int i = v.length - 1; i >= 0; i--) {
                Column c = columns.get(i);
                v[i] = key % c.range() + c.min();
                key /= c.range();
            }
            return v;
        }

        BoolExpr is(Context ctx, StateTerms t, int key) {
            int[] v = values(key);
            BoolExpr[] each = new BoolExpr[v.length];
            for (int i = 0; i < v.length; i++) {
                each[i] = columns.get(i).is(ctx, t, v[i]);
            }
            return each.length == 1 ? each[0] : ctx.mkAnd(each);
        }

        String name() {
            return columns.size() == 1 ? columns.get(0).name()
                    : columns.stream().map(Column::name).collect(Collectors.joining(", ", "(", ")"));
        }

        String show(Layout layout, int key) {
            int[] v = values(key);
            List<String> each = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                each.add(columns.get(i).show(layout, v[i]));
            }
            return each.size() == 1 ? each.get(0) : "(" + String.join(", ", each) + ")";
        }
    }

    /** The state variables it reads, its guard's and its own. */
    List<String> reads() {
        List<String> out = new ArrayList<>();
        if (guard != null) {
            guard.columns().forEach(c -> out.addAll(c.reads()));
        }
        tuple.columns().forEach(c -> out.addAll(c.reads()));
        return List.copyOf(out);
    }

    boolean holds(long[] s) {
        return (guard != null && guard.key(s) != guardKey) || Arrays.binarySearch(keys, tuple.key(s)) >= 0;
    }

    BoolExpr formula(Context ctx, StateTerms t) {
        BoolExpr in = ctx.mkOr(Arrays.stream(keys).mapToObj(k -> tuple.is(ctx, t, k)).toArray(BoolExpr[]::new));
        return guard == null ? in : ctx.mkImplies(guard.is(ctx, t, guardKey), in);
    }

    /** {@code (task2.used, task2.pc, task2.op, rq0.curr == 2) = (1, COPY_PROCESS_3, 1, 1) => cpu0.pc in {IDLE, RET}}. */
    String describe(Layout layout) {
        String in = tuple.name() + " in {" + Arrays.stream(keys).mapToObj(k -> tuple.show(layout, k))
                .collect(Collectors.joining(", ")) + "}";
        return guard == null ? in : guard.name() + " = " + guard.show(layout, guardKey) + " => " + in;
    }

    /** Every column of the layout: each field, and each bit of each bitmap. */
    static List<Column> columns(Layout layout) {
        List<Column> out = new ArrayList<>();
        layout.vars().forEach(v -> {
            if (v instanceof Field f) {
                out.add(new Column.Value(f));
            } else if (v instanceof Bitmap b) {
                for (int j = 0; j < b.size(); j++) {
                    out.add(new Column.Bit(b, j));
                }
            }
        });
        return out;
    }
}
