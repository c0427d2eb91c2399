package forkcheck.checker.z3.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import forkcheck.checker.z3.Encoding;
import forkcheck.checker.z3.StateTerms;
import forkcheck.spec.BadInputException;
import forkcheck.spec.Property;
import forkcheck.spec.fork.ForkScenario;
import forkcheck.spec.fork.ForkSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fork model's invariants as SMT formulas over the state's variables by their layout names,
 * written from each invariant's definition (README, "Properties of the fork path"), never through
 * the spec's predicates or the kernel's helpers, so that the two can fail differently. Lists are
 * walked by bounded unrolling ({@link ListWalk}); a variable read through a pointer the state holds
 * is a function defined slot by slot ({@link ForkVars}).
 *
 * <p>Every invariant of the model is encoded, selected by the scenario or not; one without an
 * encoding is an error here, so that a new invariant cannot slip past the certifier.
 */
public final class ForkEncoding implements Encoding {
    /**
     * The most pidmap bits the encoding takes: it has a constant per bit, which every state pins,
     * so a 32768-bit pidmap (boot, boot-smp) costs seconds per state.
     */
    public static final int MAX_PIDMAP_BITS = 1024;

    private final ForkVars z;
    private final Map<String, BoolExpr> invariants = new LinkedHashMap<>();
    private final List<Property> properties;

    /** @throws BadInputException when the scenario's pidmap has more than {@link #MAX_PIDMAP_BITS} bits */
    public ForkEncoding(Context ctx, ForkSpec spec) {
        this(spec, new ForkVars(ctx, spec));
    }

    /**
     * Over the terms of a state made elsewhere: prove's pre-state, or its post-state with
     * {@code suffix} ({@code "'"}) naming its pointer views apart from the pre-state's.
     */
    public ForkEncoding(Context ctx, ForkSpec spec, StateTerms terms, String suffix) {
        this(spec, new ForkVars(ctx, spec, terms, suffix));
    }

    private ForkEncoding(ForkSpec spec, ForkVars vars) {
        ForkScenario sc = spec.scenario();
        if ((long) sc.pidmapEntries() * sc.bitsPerPage() > MAX_PIDMAP_BITS) {
            throw new BadInputException("--z3: scenario " + sc.name() + " has a pidmap of " + sc.pidmapEntries() + " x "
                    + sc.bitsPerPage() + " bits; the fork model's Z3 encoding takes at most " + MAX_PIDMAP_BITS
                    + " (a constant per bit, pinned in every state): certify it with a smaller pid_max and BITS_PER_PAGE");
        }
        z = vars;
        Lists lists = new Lists(z);
        Linked linked = new Linked(z, lists);
        Holders holders = new Holders(z);
        PidInvariants pids = new PidInvariants(z);
        ListInvariants li = new ListInvariants(z, lists, linked, holders);
        GroupInvariants groups = new GroupInvariants(z, linked);
        CountInvariants counts = new CountInvariants(z, linked, holders);
        SchedInvariants sched = new SchedInvariants(z, lists, linked, holders);
        LockInvariants locks = new LockInvariants(z);
        Map<String, Supplier<BoolExpr>> byName = Map.ofEntries(
                Map.entry("pid-unique", pids::pidUnique),
                Map.entry("pidmap-matches-tasks", pids::pidmapMatchesTasks),
                Map.entry("nr-free-exact", pids::nrFreeExact),
                Map.entry("hash-matches-links", li::hashMatchesLinks),
                Map.entry("lists-well-formed", li::listsWellFormed),
                Map.entry("children-match-parent", li::childrenMatchParent),
                Map.entry("ptrace-links", li::ptraceLinks),
                Map.entry("ptrace-by-consent", groups::ptraceByConsent),
                Map.entry("tasks-list-leaders", li::tasksListLeaders),
                Map.entry("thread-group", groups::threadGroup),
                Map.entry("leader-outlives-threads", groups::leaderOutlivesThreads),
                Map.entry("nr-threads-exact", counts::nrThreadsExact),
                Map.entry("nr-threads-bounded", counts::nrThreadsBounded),
                Map.entry("user-processes-exact", counts::userProcessesExact),
                Map.entry("user-processes-bounded", counts::userProcessesBounded),
                Map.entry("refcounts-exact", counts::refcountsExact),
                Map.entry("usage-exact", counts::usageExact),
                Map.entry("no-leaked-task", counts::noLeakedTask),
                Map.entry("runqueue-consistent", sched::runqueueConsistent),
                Map.entry("time-slice-conserved", sched::timeSliceConserved),
                Map.entry("child-runs-first-when-due", sched::childRunsFirstWhenDue),
                Map.entry("tasklist-lock-irqs-off", locks::tasklistIrqsOff),
                Map.entry("tasklist-lock-held", locks::tasklistLockHeld),
                Map.entry("no-sleep-holding-lock", locks::noSleepHoldingLock),
                Map.entry("vfork-released-once", locks::vforkReleasedOnce),
                Map.entry("no-panic", locks::noPanic));
        properties = spec.invariants();
        for (Property p : properties) {
            Supplier<BoolExpr> f = byName.get(p.name());
            if (f == null) {
                throw new IllegalStateException("no SMT encoding of fork invariant " + p.name());
            }
            invariants.put(p.name(), f.get());
        }
    }

    @Override
    public Map<String, BoolExpr> invariants() {
        return invariants;
    }

    @Override
    public List<Property> properties() {
        return properties;
    }

    @Override
    public BoolExpr assign(long[] s) {
        return z.assign(s);
    }

    @Override
    public List<BoolExpr> definitions() {
        return z.definitions();
    }

    @Override
    public String logic() {
        return "QF_UFLIA";
    }
}
