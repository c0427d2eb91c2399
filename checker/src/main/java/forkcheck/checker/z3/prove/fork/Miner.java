package forkcheck.checker.z3.prove.fork;

import forkcheck.checker.z3.prove.fork.Mined.Column;
import forkcheck.checker.z3.prove.fork.Mined.Tuple;
import forkcheck.model.Layout;
import java.util.ArrayList;
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
 */
final class Miner {
    private static final Pattern TASK = Pattern.compile("task(\\d+)\\.pc");
    private static final Pattern CPU = Pattern.compile("cpu\\d+\\.pc");
    private static final List<String> TASK_CONTROL = List.of("used", "pc", "op");

    private Miner() {}

    static List<Mined> mine(Layout layout, List<long[]> states) {
        List<Tuple> controls = controls(Mined.columns(layout));
        List<Tuple> tuples = tuples(Mined.columns(layout), controls);
        int n = tuples.size();
        // every tuple's values in one bit set: tuple t's value x is bit offset[t] + x
        int[] offset = new int[n + 1];
        for (int t = 0; t < n; t++) {
            offset[t + 1] = offset[t] + tuples.get(t).range();
        }
        BitSet everywhere = new BitSet(offset[n]);
        // at.get(k).get(g): the tuples' values where control k (tuple k) has the value g
        List<Map<Integer, BitSet>> at = new ArrayList<>();
        controls.forEach(k -> at.add(new HashMap<>()));
        int[] v = new int[n];
        for (long[] s : states) {
            for (int t = 0; t < n; t++) {
                v[t] = offset[t] + tuples.get(t).key(s);
                everywhere.set(v[t]);
            }
            for (int k = 0; k < controls.size(); k++) {
                BitSet there = at.get(k).computeIfAbsent(v[k] - offset[k], g -> new BitSet(offset[n]));
                for (int t = 0; t < n; t++) {
                    there.set(v[t]);
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
        for (int k = 0; k < controls.size(); k++) {
            for (Map.Entry<Integer, BitSet> g : new TreeMap<>(at.get(k)).entrySet()) {
                for (int t = 0; t < n; t++) {
                    BitSet there = g.getValue().get(offset[t], offset[t + 1]);
                    if (t != k && !there.equals(everywhere.get(offset[t], offset[t + 1]))) {
                        out.add(new Mined(controls.get(k), g.getKey(), tuples.get(t), there.stream().toArray()));
                    }
                }
            }
        }
        return out;
    }

    /** Each task's control state and each CPU's. */
    private static List<Tuple> controls(List<Column> columns) {
        Map<String, Column> byName = new HashMap<>();
        columns.forEach(c -> byName.put(c.name(), c));
        List<Tuple> out = new ArrayList<>();
        for (Column col : columns) {
            Matcher task = TASK.matcher(col.name());
            if (task.matches()) {
                List<Column> cols = new ArrayList<>();
                TASK_CONTROL.forEach(f -> cols.add(byName.get("task" + task.group(1) + "." + f)));
                for (int c = 0; byName.containsKey("rq" + c + ".curr"); c++) {
                    cols.add(Column.equal(byName.get("rq" + c + ".curr").field(), Integer.parseInt(task.group(1))));
                }
                out.add(new Tuple(List.copyOf(cols)));
            } else if (CPU.matcher(col.name()).matches()) {
                out.add(Tuple.of(col));
            }
        }
        return out;
    }

    /** The control states (so that control k is tuple k), then every other column alone. */
    private static List<Tuple> tuples(List<Column> columns, List<Tuple> controls) {
        Set<Column> inControl = new HashSet<>();
        controls.forEach(k -> inControl.addAll(k.columns()));
        List<Tuple> out = new ArrayList<>(controls);
        columns.stream().filter(c -> !inControl.contains(c)).map(Tuple::of).forEach(out::add);
        return out;
    }
}
