package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import forkcheck.checker.z3.StateTerms;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a {@link Mined} candidate reads of a state, as an {@code int} from {@link #min} to {@link #max}. */
sealed interface Column permits Column.Value, Column.Flag, Column.Indexed {
    int value(long[] s);

    int min();

    int max();

    default int range() {
        return max() - min() + 1;
    }

    /** The column has the value {@code v} in the state {@code t}. */
    BoolExpr is(Context ctx, StateTerms t, int v);

    String name();

    /** The state variables it reads, as {@link SymbolicForkSpec.Step#writes} names them. */
    List<String> reads();

    default String show(Layout layout, int v) {
        return Integer.toString(v);
    }

    /** What the value {@code v} fixes of the state, if it fixes a variable: a field's value or a bit. */
    default void pin(int v, Map<String, Integer> fields, Map<String, Boolean> bits) {}

    /** A field's value. */
    record Value(Field field) implements Column {
        @Override
        public int value(long[] s) {
            return field.get(s);
        }

        @Override
        public int min() {
            return field.min();
        }

        @Override
        public int max() {
            return field.max();
        }

        @Override
        public BoolExpr is(Context ctx, StateTerms t, int v) {
            return ctx.mkEq(t.field(field.name()), ctx.mkInt(v));
        }

        @Override
        public String name() {
            return field.name();
        }

        @Override
        public List<String> reads() {
            return List.of(field.name());
        }

        @Override
        public String show(Layout layout, int v) {
            long[] s = layout.newState();
            field.set(s, v);
            return field.show(s);
        }

        @Override
        public void pin(int v, Map<String, Integer> fields, Map<String, Boolean> bits) {
            fields.put(field.name(), v);
        }
    }

    /** Whether a field has the value {@code v}: {@code rq1.curr == 3}, whether task 3 is current on CPU 1. */
    record Equals(Field field, int v) implements Flag {
        @Override
        public boolean test(long[] s) {
            return field.get(s) == v;
        }

        @Override
        public BoolExpr holds(Context ctx, StateTerms t) {
            return ctx.mkEq(t.field(field.name()), ctx.mkInt(v));
        }

        @Override
        public String name() {
            return field.name() + " == " + v;
        }

        @Override
        public List<String> reads() {
            return List.of(field.name());
        }

        @Override
        public void pin(int value, Map<String, Integer> fields, Map<String, Boolean> bits) {
            if (value != 0) {
                fields.put(field.name(), v);
            }
        }
    }

    /**
     * Whether two fields hold the same value, 0 or 1: two pids ({@code task1.frame.pid ==
     * task2.frame.pid}), as Daikon relates comparable variables. Two forks in flight never hold
     * the same new pid; no column alone says so.
     */
    record Same(Field a, Field b) implements Flag {
        @Override
        public boolean test(long[] s) {
            return a.get(s) == b.get(s);
        }

        @Override
        public BoolExpr holds(Context ctx, StateTerms t) {
            return ctx.mkEq(t.field(a.name()), t.field(b.name()));
        }

        @Override
        public String name() {
            return a.name() + " == " + b.name();
        }

        @Override
        public List<String> reads() {
            return List.of(a.name(), b.name());
        }
    }

    /** Bit {@code at} of a bitmap, named {@code pidmap_array[0].bits#3}. */
    record Bit(Bitmap bitmap, int at) implements Flag {
        @Override
        public boolean test(long[] s) {
            return bitmap.test(s, at);
        }

        @Override
        public BoolExpr holds(Context ctx, StateTerms t) {
            return t.bitmap(bitmap.name())[at];
        }

        @Override
        public String name() {
            return bitmap.name() + "#" + at;
        }

        @Override
        public List<String> reads() {
            return List.of(name());
        }

        @Override
        public void pin(int v, Map<String, Integer> fields, Map<String, Boolean> bits) {
            bits.put(name(), v != 0);
        }
    }

    /** A column that is 1 where something holds of the state and 0 where not. */
    sealed interface Flag extends Column permits Equals, Same, Bit {
        boolean test(long[] s);

        BoolExpr holds(Context ctx, StateTerms t);

        @Override
        default int value(long[] s) {
            return test(s) ? 1 : 0;
        }

        @Override
        default int min() {
            return 0;
        }

        @Override
        default int max() {
            return 1;
        }

        @Override
        default BoolExpr is(Context ctx, StateTerms t, int v) {
            return v != 0 ? holds(ctx, t) : ctx.mkNot(holds(ctx, t));
        }
    }

    /**
     * A column read through a field that indexes entries (a pid the pidmap's bits, a slot the
     * tasks): entry {@code index}'s value, or {@link #none} where the field indexes none of the
     * {@link #count} entries (-1).
     */
    sealed interface Indexed extends Column permits PidBit, Deref, Pointee {
        Field index();

        int count();

        /** One past the entries' values. */
        int none();

        /** Entry {@code i}'s value in {@code s}. */
        int entry(long[] s, int i);

        /** Entry {@code i} has the value {@code v} in {@code t}. */
        BoolExpr entryIs(Context ctx, StateTerms t, int i, int v);

        @Override
        default int value(long[] s) {
            int i = index().get(s);
            return i < 0 || i >= count() ? none() : entry(s, i);
        }

        @Override
        default int max() {
            return none();
        }

        @Override
        default BoolExpr is(Context ctx, StateTerms t, int v) {
            List<BoolExpr> any = new ArrayList<>();
            for (int i = 0; i < count(); i++) {
                BoolExpr at = ctx.mkEq(t.field(index().name()), ctx.mkInt(i));
                any.add(v == none() ? at : ctx.mkAnd(at, entryIs(ctx, t, i, v)));
            }
            BoolExpr some = ctx.mkOr(any.toArray(BoolExpr[]::new));
            return v == none() ? ctx.mkNot(some) : some;
        }

        @Override
        default String show(Layout layout, int v) {
            return v == none() ? "none" : Integer.toString(v);
        }
    }

    /**
     * The pidmap's bit for the pid a field holds ({@code pidmap_array[pid / BITS_PER_PAGE].bits},
     * bit {@code pid % BITS_PER_PAGE}): 1 if set, 0 if clear, none if the field holds no pid of the
     * map (-1 before {@code alloc_pidmap} returns). A task's {@code frame.pid} and the pidmap's bit
     * for it: the relation no column alone states.
     */
    record PidBit(Field index, List<Bitmap> pages) implements Indexed {
        @Override
        public int count() {
            return pages.size() * pages.get(0).size();
        }

        @Override
        public int none() {
            return 2;
        }

        @Override
        public int entry(long[] s, int i) {
            int size = pages.get(0).size();
            return pages.get(i / size).test(s, i % size) ? 1 : 0;
        }

        @Override
        public BoolExpr entryIs(Context ctx, StateTerms t, int i, int v) {
            int size = pages.get(0).size();
            BoolExpr bit = t.bitmap(pages.get(i / size).name())[i % size];
            return v != 0 ? bit : ctx.mkNot(bit);
        }

        @Override
        public int min() {
            return 0;
        }

        @Override
        public String name() {
            return "pidmap[" + index.name() + "]";
        }

        @Override
        public List<String> reads() {
            List<String> out = new ArrayList<>(List.of(index.name()));
            for (Bitmap b : pages) {
                for (int j = 0; j < b.size(); j++) {
                    out.add(b.name() + "#" + j);
                }
            }
            return out;
        }
    }

    /**
     * A field of the task another field points to: {@code task[task2.frame.p].pids[PIDTYPE_PID].attached},
     * the child {@code copy_process} is filling in. Which slot a child takes depends on the run, so
     * no column of a fixed slot says what a task's child holds at each of its labels.
     */
    record Deref(Field index, List<Field> targets) implements Indexed {
        @Override
        public int count() {
            return targets.size();
        }

        @Override
        public int none() {
            return targets.get(0).max() + 1;
        }

        @Override
        public int entry(long[] s, int i) {
            return targets.get(i).get(s);
        }

        @Override
        public BoolExpr entryIs(Context ctx, StateTerms t, int i, int v) {
            return ctx.mkEq(t.field(targets.get(i).name()), ctx.mkInt(v));
        }

        @Override
        public int min() {
            return targets.get(0).min();
        }

        @Override
        public String name() {
            return pointed(index, targets);
        }

        @Override
        public List<String> reads() {
            List<String> out = new ArrayList<>(List.of(index.name()));
            targets.forEach(f -> out.add(f.name()));
            return out;
        }

        @Override
        public String show(Layout layout, int v) {
            if (v == none()) {
                return "none";
            }
            long[] s = layout.newState();
            targets.get(0).set(s, v);
            return targets.get(0).show(s);
        }
    }

    /**
     * Whether the task a field points to holds what another field holds: 1 if
     * {@code targets[index] == value}, 0 if not. The child {@code copy_process} fills in
     * ({@code frame.p}) has the pid {@code do_fork} allocated for it ({@code frame.pid}) from
     * {@code p->pid = pid} on: a relation between two tasks' columns that no column alone states.
     */
    record Pointee(Field index, List<Field> targets, Field value) implements Indexed {
        @Override
        public int count() {
            return targets.size();
        }

        @Override
        public int none() {
            return 2;
        }

        @Override
        public int entry(long[] s, int i) {
            return targets.get(i).get(s) == value.get(s) ? 1 : 0;
        }

        @Override
        public BoolExpr entryIs(Context ctx, StateTerms t, int i, int v) {
            BoolExpr same = ctx.mkEq(t.field(targets.get(i).name()), t.field(value.name()));
            return v != 0 ? same : ctx.mkNot(same);
        }

        @Override
        public int min() {
            return 0;
        }

        @Override
        public String name() {
            return pointed(index, targets) + " == " + value.name();
        }

        @Override
        public List<String> reads() {
            List<String> out = new ArrayList<>(List.of(index.name(), value.name()));
            targets.forEach(f -> out.add(f.name()));
            return out;
        }
    }

    /** {@code task[task2.frame.p].pid}: the family of {@code targets}, one per task, at the slot {@code index} holds. */
    private static String pointed(Field index, List<Field> targets) {
        return targets.get(0).name().replaceFirst("^task\\d+", "task[" + index.name() + "]");
    }
}
