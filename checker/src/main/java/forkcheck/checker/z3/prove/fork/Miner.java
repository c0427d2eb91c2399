package forkcheck.checker.z3.prove.fork;

import forkcheck.checker.z3.prove.fork.Mined.Tuple;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Layout;
import forkcheck.model.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Candidate auxiliary invariants, read off the reachable states (as Daikon reads likely
 * invariants off executions): the values each column takes, and the values it takes wherever a
 * task or a CPU is in each of its control states. The obligations that fail without auxiliary
 * invariants do so from states that mix what two labels hold (a CPU inside {@code alloc_pidmap}
 * while its task is in {@code release_task}); these pairs rule such states out.
 *
 * <p>A task's control state is the tuple of whether its slot is in use, its pc, which operation
 * of its program it is at and whether it is current on each CPU, read as one value: a slot sits at
 * {@code IDLE} before its task is forked, between its system calls and after it is reaped, and a
 * task's pc says nothing of whether it runs; its pc alone lets a state mix what each of those
 * holds (a free slot's columns with a live task's, a task inside a locked region with a CPU that
 * runs another). A CPU's control state is its pid allocator's pc.
 *
 * <p>With pairs ({@link Mining#PAIRS}), also the pairs of control states seen together, and the
 * values a column takes in each, where they are fewer than each control state's own give: a
 * parent's {@code need_resched} after {@code fork} is set or not as its child has run, which one
 * control state cannot say. Without them Houdini's states mix two tasks' control states, step to
 * a control state no run reaches, and drop the candidates guarded by it, then the rest. A pair's
 * candidates are of the columns of its own tasks and of no task's: a third task's columns are left
 * to that task's own control state, which keeps them from tripling.
 *
 * <p>Besides the layout's columns, relations between them that no one column states
 * ({@link #relations}): which pidmap bit a task's pid is, whether two pids are the same, what the
 * child a task is copying holds. They are columns like the others, mined the same way.
 */
final class Miner {
    private static final Pattern TASK = Pattern.compile("task(\\d+)\\.pc");
    private static final Pattern OWNED = Pattern.compile("task(\\d+)\\..*");
    private static final Pattern CPU = Pattern.compile("cpu\\d+\\.pc");
    /** A pid a task or CPU holds: {@code task2.pid}, {@code task2.frame.pid}, {@code cpu0.pid}. */
    private static final Pattern PID = Pattern.compile("(task|cpu)\\d+\\.(frame\\.)?pid");
    /**
     * What {@code copy_process} gives the child it fills in ({@code frame.p}) of the forking task's
     * columns: the child's field, the parent's: its pid the one allocated, its tgid that pid or
     * (a thread) the parent's tgid, its process group and session the parent's.
     */
    private static final List<String[]> CHILD_GETS = List.of(new String[] {"pid", "frame.pid"},
            new String[] {"tgid", "frame.pid"}, new String[] {"tgid", "tgid"}, new String[] {"pgrp", "pgrp"},
            new String[] {"session", "session"});
    /**
     * A task's signal state, the same in two tasks or not: a group kill ({@code zap_other_threads})
     * sets SIGKILL in every thread of the group, so one thread exiting for it means the others
     * have it pending.
     */
    private static final List<String> SIGNALS = List.of("pending.SIGKILL", "pending.SIGSTOP", "TIF_SIGPENDING");
    private static final Pattern PIDMAP = Pattern.compile("pidmap_array\\[\\d+\\]\\.bits");
    private static final List<String> TASK_CONTROL = List.of("used", "pc", "op");

    private Miner() {}

    /**
     * What a candidate may be guarded by: a control state ({@code parts} its index among the
     * tuples, which lists the controls first), or a pair of them read as one tuple.
     */
    private record Guard(Tuple tuple, int[] parts) {
        /** Its value, given each tuple's value {@code v}: the parts' values in mixed radix, as {@link Tuple#key}. */
        int key(int[] v, List<Tuple> tuples) {
            int key = 0;
            for (int p : parts) {
                key = key * tuples.get(p).range() + v[p];
            }
            return key;
        }

        boolean isPart(int t) {
            return Arrays.stream(parts).anyMatch(p -> p == t);
        }
    }

    static List<Mined> mine(Layout layout, List<long[]> states, boolean withPairs) {
        List<Tuple> controls = controls(layout);
        List<Tuple> tuples = tuples(layout, controls);
        List<Guard> guards = guards(controls, withPairs);
        int n = tuples.size();
        // every tuple's values in one bit set: tuple t's value x is bit offset[t] + x
        int[] offset = new int[n + 1];
        for (int t = 0; t < n; t++) {
            offset[t + 1] = offset[t] + tuples.get(t).range();
        }
        BitSet everywhere = new BitSet(offset[n]);
        // at.get(g).get(x): the tuples' values where guard g has the value x
        List<Map<Integer, BitSet>> at = new ArrayList<>();
        guards.forEach(g -> at.add(new HashMap<>()));
        int[] v = new int[n];
        for (long[] s : states) {
            for (int t = 0; t < n; t++) {
                v[t] = tuples.get(t).key(s);
                everywhere.set(offset[t] + v[t]);
            }
            for (int g = 0; g < guards.size(); g++) {
                BitSet there = at.get(g).computeIfAbsent(guards.get(g).key(v, tuples), x -> new BitSet(offset[n]));
                for (int t = 0; t < n; t++) {
                    there.set(offset[t] + v[t]);
                }
            }
        }
        List<Mined> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            BitSet values = everywhere.get(offset[t], offset[t + 1]);
            if (values.cardinality() < tuples.get(t).range()) {
                out.add(new Mined(null, 0, tuples.get(t), values.stream().toArray()));
            }
        }
        for (int g = controls.size(); g < guards.size(); g++) {
            out.add(new Mined(null, 0, guards.get(g).tuple(), at.get(g).keySet().stream().mapToInt(x -> x).sorted().toArray()));
        }
        for (int g = 0; g < guards.size(); g++) {
            Guard guard = guards.get(g);
            for (Map.Entry<Integer, BitSet> x : new TreeMap<>(at.get(g)).entrySet()) {
                BitSet given = given(guard, x.getKey(), everywhere, at, tuples);
                for (int t = 0; t < n; t++) {
                    BitSet there = x.getValue().get(offset[t], offset[t + 1]);
                    if (asked(guard, t, tuples, controls.size()) && !there.equals(given.get(offset[t], offset[t + 1]))) {
                        out.add(new Mined(guard.tuple(), x.getKey(), tuples.get(t), there.stream().toArray()));
                    }
                }
            }
        }
        return out;
    }

    /** Each control, then (with pairs) each pair of them. */
    private static List<Guard> guards(List<Tuple> controls, boolean withPairs) {
        List<Guard> out = new ArrayList<>();
        for (int i = 0; i < controls.size(); i++) {
            out.add(new Guard(controls.get(i), new int[] {i}));
        }
        for (int i = 0; withPairs && i < controls.size(); i++) {
            for (int j = i + 1; j < controls.size(); j++) {
                List<Column> both = new ArrayList<>(controls.get(i).columns());
                both.addAll(controls.get(j).columns());
                out.add(new Guard(new Tuple(List.copyOf(both)), new int[] {i, j}));
            }
        }
        return out;
    }

    /**
     * The values a guard's value gives its columns already, as a bit set like {@code at}'s: those
     * seen anywhere, for a control state; those seen where each part has its value, for a pair.
     */
    private static BitSet given(Guard guard, int key, BitSet everywhere, List<Map<Integer, BitSet>> at, List<Tuple> tuples) {
        if (guard.parts().length == 1) {
            return everywhere;
        }
        int i = guard.parts()[0];
        int j = guard.parts()[1];
        int range = tuples.get(j).range();
        BitSet out = (BitSet) at.get(i).get(key / range).clone();
        out.and(at.get(j).get(key % range));
        return out;
    }

    /**
     * Whether the guard's candidates say what tuple {@code t} takes: not its own parts, nor (a
     * pair's) a third task's columns; the first {@code controls} tuples are the control states.
     */
    private static boolean asked(Guard guard, int t, List<Tuple> tuples, int controls) {
        if (guard.isPart(t)) {
            return false;
        }
        if (guard.parts().length == 1 || t < controls) {
            return true;
        }
        int owner = owner(tuples.get(t));
        return owner < 0 || Arrays.stream(guard.parts()).anyMatch(p -> owner(tuples.get(p)) == owner);
    }

    /** The task whose column (or control state) the tuple's first column is, or -1. */
    private static int owner(Tuple t) {
        Matcher m = OWNED.matcher(t.columns().get(0).reads().get(0));
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The field {@code family} of each task: {@code task0.pid}, {@code task1.pid}, ... */
    private static List<Field> everyTask(Map<String, Field> fields, String family) {
        List<Field> out = new ArrayList<>();
        for (int t = 0; fields.containsKey("task" + t + "." + family); t++) {
            out.add(fields.get("task" + t + "." + family));
        }
        return out;
    }

    private static Map<String, Field> fields(Layout layout) {
        Map<String, Field> out = new HashMap<>();
        layout.vars().forEach(v -> {
            if (v instanceof Field f) {
                out.put(f.name(), f);
            }
        });
        return out;
    }

    /** Each task's control state and each CPU's. */
    private static List<Tuple> controls(Layout layout) {
        Map<String, Field> fields = fields(layout);
        List<Tuple> out = new ArrayList<>();
        for (Var v : layout.vars()) {
            Matcher task = TASK.matcher(v.name());
            if (task.matches()) {
                List<Column> cols = new ArrayList<>();
                TASK_CONTROL.forEach(f -> cols.add(new Column.Value(fields.get("task" + task.group(1) + "." + f))));
                for (int c = 0; fields.containsKey("rq" + c + ".curr"); c++) {
                    cols.add(new Column.Equals(fields.get("rq" + c + ".curr"), Integer.parseInt(task.group(1))));
                }
                out.add(new Tuple(List.copyOf(cols)));
            } else if (CPU.matcher(v.name()).matches()) {
                out.add(Tuple.of(new Column.Value(fields.get(v.name()))));
            }
        }
        return out;
    }

    /** The control states (so that control k is tuple k), then every other column alone, then the {@link #relations}. */
    private static List<Tuple> tuples(Layout layout, List<Tuple> controls) {
        Set<Column> inControl = new HashSet<>();
        controls.forEach(k -> inControl.addAll(k.columns()));
        List<Tuple> out = new ArrayList<>(controls);
        Mined.columns(layout).stream().filter(c -> !inControl.contains(c)).map(Tuple::of).forEach(out::add);
        relations(layout).stream().map(Tuple::of).forEach(out::add);
        return out;
    }

    /**
     * The pidmap's bit for each pid a task or a CPU holds ({@link Column.PidBit}), whether two of
     * those pids are the same, or two tasks' signal state ({@link Column.Same}), and of the child each task's
     * {@code copy_process} fills in, each field ({@link Column.Deref}) and whether it has what it
     * gets of its parent ({@link Column.Pointee}).
     */
    private static List<Column> relations(Layout layout) {
        List<Column> out = new ArrayList<>();
        List<Bitmap> pidmap = layout.vars().stream().filter(v -> PIDMAP.matcher(v.name()).matches())
                .map(Bitmap.class::cast).toList();
        List<Field> held = layout.vars().stream().filter(v -> v instanceof Field && PID.matcher(v.name()).matches())
                .map(Field.class::cast).toList();
        if (!pidmap.isEmpty()) {
            held.forEach(f -> out.add(new Column.PidBit(f, pidmap)));
        }
        Map<String, Field> fields = fields(layout);
        List<List<Field>> alike = new ArrayList<>(List.of(held));
        SIGNALS.forEach(family -> alike.add(everyTask(fields, family)));
        for (List<Field> some : alike) {
            for (int i = 0; i < some.size(); i++) {
                for (int j = i + 1; j < some.size(); j++) {
                    out.add(new Column.Same(some.get(i), some.get(j)));
                }
            }
        }
        List<String> families = layout.vars().stream().filter(v -> v instanceof Field && v.name().startsWith("task0."))
                .map(v -> v.name().substring("task0.".length())).toList();
        for (int t = 0; fields.containsKey("task" + t + ".frame.p"); t++) {
            Field child = fields.get("task" + t + ".frame.p");
            for (String family : families) {
                out.add(new Column.Deref(child, everyTask(fields, family)));
            }
            for (String[] fg : CHILD_GETS) {
                out.add(new Column.Pointee(child, everyTask(fields, fg[0]), fields.get("task" + t + "." + fg[1])));
            }
        }
        return out;
    }
}
