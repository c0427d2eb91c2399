package forkcheck.spec.pid;

import forkcheck.model.Layout;
import forkcheck.spec.Model;
import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.StepInfo;
import forkcheck.spec.scenario.Op;
import forkcheck.spec.scenario.Scenario;
import java.util.List;

/**
 * CPUs calling {@code alloc_pidmap} and {@code free_pidmap} concurrently on one pidmap.
 *
 * <p>Action {@code 2*cpu} moves CPU {@code cpu} one step; action {@code 2*cpu + 1} moves it one
 * step with its {@code get_zeroed_page} failing, and is enabled only where the scenario lets that
 * allocation fail and the step makes it.
 */
public final class PidSpec implements Spec {
    /** Bump when a change to the spec changes the states or steps it produces. */
    public static final String VERSION = "pidmap-3";

    private final Scenario scenario;
    private final Mutant mutant;
    private final Layout layout;
    private final Pidmap pm;
    private final CpuFrame[] cpus;
    private final AllocPidmap alloc;
    private final FreePidmap free;
    private final List<Property> properties;
    private final Ghosts ghosts;
    private final boolean mayFailPage;

    public PidSpec(Scenario sc, Mutant mutant) {
        this.scenario = sc;
        this.mutant = mutant;
        Layout.Builder b = Layout.builder();
        int ops = sc.cpus().stream().mapToInt(List::size).sum();
        pm = new Pidmap(b, sc, ops + 1);
        cpus = new CpuFrame[sc.cpus().size()];
        for (int c = 0; c < cpus.length; c++) {
            cpus[c] = new CpuFrame(b, c, sc.cpus().get(c), pm);
        }
        layout = b.build();
        properties = select(new PidProperties(pm, cpus, sc).all(), sc);
        ghosts = Ghosts.forProperties(properties.stream().map(Property::name).toList());
        mayFailPage = sc.mayFail(Scenario.FAULT_GET_ZEROED_PAGE);
        alloc = new AllocPidmap(pm, cpus, mutant, ghosts, mayFailPage);
        free = new FreePidmap(pm);
    }

    public PidSpec(Scenario sc) {
        this(sc, Mutant.NONE);
    }

    private static List<Property> select(List<Property> all, Scenario sc) {
        return Property.select(all, all, sc.properties(), sc.source(), sc.propertiesLine());
    }

    public Scenario scenario() {
        return scenario;
    }

    public Mutant mutant() {
        return mutant;
    }

    /** Which ghost variables the steps write: a symbolic copy of the steps must write the same. */
    public Ghosts ghosts() {
        return ghosts;
    }

    @Override
    public Model model() {
        return PidModel.INSTANCE;
    }

    @Override
    public String scenarioName() {
        return scenario.name();
    }

    @Override
    public String bounds() {
        return String.format("%d CPUs, pid_max %d, BITS_PER_PAGE %d, RESERVED_PIDS %d", scenario.cpus().size(),
                scenario.pidMax(), scenario.bitsPerPage(), scenario.reservedPids());
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Layout layout() {
        return layout;
    }

    @Override
    public void init(long[] s) {
        java.util.Arrays.fill(s, 0L);
        pm.init(s, scenario);
        for (CpuFrame f : cpus) {
            f.setPc(s, PidLabel.IDLE);
            f.op.set(s, 0);
        }
    }

    @Override
    public int actionCount() {
        return 2 * cpus.length;
    }

    @Override
    public boolean enabled(long[] s, int action) {
        CpuFrame f = cpus[action >> 1];
        boolean fail = (action & 1) != 0;
        if (fail && !mayFailPage) {
            return false;
        }
        if (f.betweenCalls(s)) {
            return !fail && !f.finished(s);
        }
        if (f.allocating(s)) {
            return (!fail || alloc.mayFail(s, f)) && alloc.enabled(s, f);
        }
        return !fail;
    }

    @Override
    public void step(long[] from, int action, long[] to) {
        System.arraycopy(from, 0, to, 0, from.length);
        CpuFrame f = cpus[action >> 1];
        if (f.betweenCalls(to)) {
            begin(to, f);
        }
        if (f.allocating(to)) {
            alloc.step(to, f, (action & 1) != 0);
        } else {
            free.step(to, f);
        }
    }

    /** The CPU calls the next function of its program. */
    private void begin(long[] s, CpuFrame f) {
        int k = f.next(s);
        f.op.set(s, k + 1);
        Op op = f.program.get(k);
        if (op instanceof Op.Alloc) {
            alloc.call(s, f);
        } else if (op instanceof Op.FreeResult r) {
            int pid = f.results[r.alloc()].get(s);
            // The caller hands the pid back: nothing reads this result again, so it must not
            // tell states apart.
            f.results[r.alloc()].set(s, -1);
            free.call(s, f, pid);
        } else if (op instanceof Op.FreePid p) {
            free.call(s, f, p.pid());
        }
    }

    @Override
    public boolean isFinal(long[] s) {
        for (CpuFrame f : cpus) {
            if (!f.finished(s)) {
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
        return pm.pidmapLock.owner(s) == cpu ? List.of("pidmap_lock") : List.of();
    }

    @Override
    public StepInfo describe(long[] s, int action) {
        CpuFrame f = cpus[action >> 1];
        PidLabel label = f.pc(s);
        String call = "";
        if (f.betweenCalls(s)) {
            int k = f.next(s);
            Op op = f.program.get(k);
            label = op instanceof Op.Alloc ? PidLabel.LAST_PID_READ : PidLabel.CLEAR_BIT;
            call = "call #" + (k + 1) + " " + op + ": ";
        }
        return new StepInfo(f.cpu, label.function(), label.name(), call + label.line() + "  " + label.code(),
                (action & 1) != 0);
    }
}
