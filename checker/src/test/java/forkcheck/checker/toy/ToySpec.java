package forkcheck.checker.toy;

import forkcheck.model.Field;
import forkcheck.model.Layout;
import forkcheck.model.SpinLock;
import forkcheck.spec.Model;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.StepInfo;
import java.util.Arrays;
import java.util.List;

/**
 * CPUs each calling {@code inc()} on a shared counter: {@code tmp = counter; counter = tmp + 1;},
 * under {@code counter_lock} if the scenario says so. Without the lock two loads of the same value
 * lose an update, which {@code no-lost-update} sees. Action {@code cpu} moves that CPU one step.
 */
final class ToySpec implements Spec {
    private final ToyScenario sc;
    private final boolean locking;
    private final Layout layout;
    private final Field counter;
    private final SpinLock lock;
    private final Field[] pc;
    private final Field[] tmp;
    private final Field[] done;
    private final List<Property> properties;

    /** @param dropLock the mutant: {@code inc()} without the lock even where the scenario has one */
    ToySpec(ToyScenario sc, boolean dropLock) {
        this.sc = sc;
        this.locking = sc.locked() && !dropLock;
        int total = sc.cpus() * sc.incs();
        Layout.Builder b = Layout.builder();
        counter = b.field("counter", 0, total);
        lock = new SpinLock(b, "counter_lock", sc.cpus());
        pc = new Field[sc.cpus()];
        tmp = new Field[sc.cpus()];
        done = new Field[sc.cpus()];
        for (int c = 0; c < sc.cpus(); c++) {
            pc[c] = b.labels("cpu" + c + ".pc", ToyLabel.class);
            tmp[c] = b.field("cpu" + c + ".tmp", 0, total);
            done[c] = b.field("cpu" + c + ".done", 0, sc.incs());
        }
        layout = b.build();
        properties = List.of(Property.always("no-lost-update", "the counter equals the increments the CPUs completed",
                s -> counter.get(s) == completed(s)).reading("counter", "cpu.done"));
    }

    private int completed(long[] s) {
        int n = 0;
        for (Field d : done) {
            n += d.get(s);
        }
        return n;
    }

    @Override
    public Model model() {
        return ToyModel.INSTANCE;
    }

    @Override
    public String scenarioName() {
        return sc.name();
    }

    @Override
    public String version() {
        return ToyModel.VERSION;
    }

    @Override
    public Layout layout() {
        return layout;
    }

    @Override
    public void init(long[] s) {
        Arrays.fill(s, 0L);
        lock.init(s);
        for (Field p : pc) {
            p.set(s, first().ordinal());
        }
    }

    private ToyLabel first() {
        return locking ? ToyLabel.LOCK : ToyLabel.LOAD;
    }

    private ToyLabel at(long[] s, int cpu) {
        return ToyLabel.values()[pc[cpu].get(s)];
    }

    @Override
    public int actionCount() {
        return sc.cpus();
    }

    @Override
    public boolean enabled(long[] s, int cpu) {
        ToyLabel l = at(s, cpu);
        return l != ToyLabel.DONE && (l != ToyLabel.LOCK || !lock.isLocked(s));
    }

    @Override
    public void step(long[] from, int cpu, long[] to) {
        System.arraycopy(from, 0, to, 0, from.length);
        ToyLabel next = switch (at(to, cpu)) {
            case LOCK -> {
                lock.lock(to, cpu);
                yield ToyLabel.LOAD;
            }
            case LOAD -> {
                tmp[cpu].set(to, counter.get(to));
                yield ToyLabel.STORE;
            }
            case STORE -> {
                counter.set(to, tmp[cpu].get(to) + 1);
                tmp[cpu].set(to, 0); // dead until the next load: it must not tell states apart
                done[cpu].set(to, done[cpu].get(to) + 1);
                yield locking ? ToyLabel.UNLOCK : afterInc(to, cpu);
            }
            case UNLOCK -> {
                lock.unlock(to);
                yield afterInc(to, cpu);
            }
            case DONE -> throw new IllegalStateException("cpu" + cpu + " has finished");
        };
        pc[cpu].set(to, next.ordinal());
    }

    private ToyLabel afterInc(long[] s, int cpu) {
        return done[cpu].get(s) < sc.incs() ? first() : ToyLabel.DONE;
    }

    @Override
    public boolean isFinal(long[] s) {
        for (int c = 0; c < pc.length; c++) {
            if (at(s, c) != ToyLabel.DONE) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<Property> properties() {
        return properties;
    }

    @Override
    public List<String> locksHeld(long[] s, int cpu) {
        return lock.owner(s) == cpu ? List.of("counter_lock") : List.of();
    }

    @Override
    public StepInfo describe(long[] s, int cpu) {
        ToyLabel l = at(s, cpu);
        return new StepInfo(cpu, ToyLabel.FUNCTION, l.name(), l.line + "  " + l.code, false);
    }
}
