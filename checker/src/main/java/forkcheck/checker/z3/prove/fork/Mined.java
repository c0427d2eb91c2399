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
 * A candidate auxiliary invariant mined from the reachable states: a column (a field, or one bit
 * of a bitmap) takes only the values the search saw it take, everywhere ({@code guard} null) or
 * wherever a control column (a task's or a CPU's pc) has one value. What the search saw is true
 * of every reachable state; whether it is inductive is for {@link Houdini} to decide.
 */
record Mined(Column guard, int guardValue, Column column, int[] values) {

    /** A field, or bit {@code bit} of a bitmap, read as an {@code int} (a bit as 0 or 1). */
    record Column(Field field, Bitmap bitmap, int bit) {
        static Column of(Field f) {
            return new Column(f, null, -1);
        }

        static Column of(Bitmap b, int bit) {
            return new Column(null, b, bit);
        }

        int value(long[] s) {
            return field != null ? field.get(s) : bitmap.test(s, bit) ? 1 : 0;
        }

        int min() {
            return field != null ? field.min() : 0;
        }

        int max() {
            return field != null ? field.max() : 1;
        }

        BoolExpr is(Context ctx, StateTerms t, int v) {
            return field != null ? ctx.mkEq(t.field(field.name()), ctx.mkInt(v))
                    : v != 0 ? t.bitmap(bitmap.name())[bit] : ctx.mkNot(t.bitmap(bitmap.name())[bit]);
        }

        String name() {
            return field != null ? field.name() : bitmap.name() + "#" + bit;
        }

        String show(Layout layout, int v) {
            if (field == null) {
                return Integer.toString(v);
            }
            long[] s = layout.newState();
            field.set(s, v);
            return field.show(s);
        }
    }

    boolean holds(long[] s) {
        return (guard != null && guard.value(s) != guardValue) || Arrays.binarySearch(values, column.value(s)) >= 0;
    }

    BoolExpr formula(Context ctx, StateTerms t) {
        BoolExpr in = ctx.mkOr(Arrays.stream(values).mapToObj(v -> column.is(ctx, t, v)).toArray(BoolExpr[]::new));
        return guard == null ? in : ctx.mkImplies(guard.is(ctx, t, guardValue), in);
    }

    /** {@code task2.pc = COPY_PROCESS_3 => cpu0.pc in {IDLE, RET}}. */
    String describe(Layout layout) {
        String in = column.name() + " in {" + Arrays.stream(values).mapToObj(v -> column.show(layout, v))
                .collect(Collectors.joining(", ")) + "}";
        return guard == null ? in : guard.name() + " = " + guard.show(layout, guardValue) + " => " + in;
    }

    /** Every column of the layout: each field, and each bit of each bitmap. */
    static List<Column> columns(Layout layout) {
        List<Column> out = new ArrayList<>();
        layout.vars().forEach(v -> {
            if (v instanceof Field f) {
                out.add(Column.of(f));
            } else if (v instanceof Bitmap b) {
                for (int j = 0; j < b.size(); j++) {
                    out.add(Column.of(b, j));
                }
            }
        });
        return out;
    }
}
