package forkcheck.spec;

import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random walks through a spec and random changes to one variable: what the read-set tests share. */
public final class Walks {
    private Walks() {}

    /** Every state of {@code walks} random walks of up to {@code length} steps from the initial state. */
    public static List<long[]> walk(Spec spec, SplittableRandom random, int walks, int length) {
        List<long[]> out = new ArrayList<>();
        for (int w = 0; w < walks; w++) {
            long[] s = spec.layout().newState();
            spec.init(s);
            out.add(s.clone());
            long[] n = spec.layout().newState();
            for (int i = 0; i < length; i++) {
                List<Integer> enabled = new ArrayList<>();
                for (int a = 0; a < spec.actionCount(); a++) {
                    if (spec.enabled(s, a)) {
                        enabled.add(a);
                    }
                }
                if (enabled.isEmpty()) {
                    break;
                }
                spec.step(s, enabled.get(random.nextInt(enabled.size())), n);
                long[] tmp = s;
                s = n;
                n = tmp;
                out.add(s.clone());
            }
        }
        return out;
    }

    /** Gives {@code v} another value in its range (one bit flipped, for a bitmap); false if it has none. */
    public static boolean perturb(Var v, long[] s, SplittableRandom random) {
        if (v instanceof Field f) {
            if (f.min() == f.max()) {
                return false;
            }
            int old = f.get(s);
            int x = old;
            while (x == old) {
                x = f.min() + random.nextInt(f.max() - f.min() + 1);
            }
            f.set(s, x);
            return true;
        }
        Bitmap b = (Bitmap) v;
        int bit = random.nextInt(b.size());
        if (b.test(s, bit)) {
            b.clear(s, bit);
        } else {
            b.set(s, bit);
        }
        return true;
    }
}
