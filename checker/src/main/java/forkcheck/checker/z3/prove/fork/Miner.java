package forkcheck.checker.z3.prove.fork;

import forkcheck.checker.z3.prove.fork.Mined.Column;
import forkcheck.model.Layout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Candidate auxiliary invariants, read off the reachable states (as Daikon reads likely
 * invariants off executions): the values each column takes, and the values it takes wherever a
 * control column (a task's or a CPU's pc) has each of its values. The obligations that fail
 * without auxiliary invariants do so from states that mix what two labels hold (a CPU inside
 * {@code alloc_pidmap} while its task is in {@code release_task}); these pairs rule such states out.
 */
final class Miner {
    private static final String CONTROL = "(task|cpu)\\d+\\.pc";

    private Miner() {}

    static List<Mined> mine(Layout layout, List<long[]> states) {
        List<Column> columns = Mined.columns(layout);
        int n = columns.size();
        int[] controls = IntStream.range(0, n).filter(c -> columns.get(c).name().matches(CONTROL)).toArray();
        BitSet[] everywhere = new BitSet[n];
        // pairs[k][c]: (value of control k, value of column c), as (k's value - min) * c's range + (c's value - min)
        BitSet[][] pairs = new BitSet[controls.length][n];
        for (int c = 0; c < n; c++) {
            everywhere[c] = new BitSet();
            for (int k = 0; k < controls.length; k++) {
                pairs[k][c] = new BitSet();
            }
        }
        int[] v = new int[n];
        for (long[] s : states) {
            for (int c = 0; c < n; c++) {
                v[c] = columns.get(c).value(s) - columns.get(c).min();
                everywhere[c].set(v[c]);
            }
            for (int k = 0; k < controls.length; k++) {
                for (int c = 0; c < n; c++) {
                    pairs[k][c].set(v[controls[k]] * range(columns.get(c)) + v[c]);
                }
            }
        }
        List<Mined> out = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            if (everywhere[c].cardinality() < range(columns.get(c))) {
                out.add(new Mined(null, 0, columns.get(c), values(columns.get(c), everywhere[c])));
            }
        }
        for (int k = 0; k < controls.length; k++) {
            Column guard = columns.get(controls[k]);
            for (int g = everywhere[controls[k]].nextSetBit(0); g >= 0; g = everywhere[controls[k]].nextSetBit(g + 1)) {
                for (int c = 0; c < n; c++) {
                    Column col = columns.get(c);
                    BitSet there = pairs[k][c].get(g * range(col), (g + 1) * range(col));
                    if (c != controls[k] && !there.equals(everywhere[c])) {
                        out.add(new Mined(guard, g + guard.min(), col, values(col, there)));
                    }
                }
            }
        }
        return out;
    }

    private static int range(Column c) {
        return c.max() - c.min() + 1;
    }

    private static int[] values(Column col, BitSet seen) {
        return seen.stream().map(i -> i + col.min()).toArray();
    }
}
