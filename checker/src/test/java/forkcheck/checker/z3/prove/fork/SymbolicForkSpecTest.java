package forkcheck.checker.z3.prove.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.z3.prove.Exec;
import forkcheck.checker.z3.prove.SymState;
import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Layout;
import forkcheck.model.ListHeads;
import forkcheck.model.Var;
import forkcheck.spec.Models;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkMutant;
import forkcheck.spec.fork.ForkOp;
import forkcheck.spec.fork.ForkSpec;
import forkcheck.spec.scenario.Scenarios;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The symbolic fork spec against the Java, on states of every fork scenario the explicit search
 * reaches, and on those states corrupted: run on a state pinned to numerals, each action takes the
 * Java's one path, so it must be defined exactly where the Java is enabled and does not throw, and
 * leave every variable as the Java step does. A failure lists, per step (its label as
 * {@code describe} names it), how many actions disagreed and the first disagreement.
 */
class SymbolicForkSpecTest {
    /** Per scenario, at most this many states, spread over the whole search. */
    private static final int SAMPLE = Integer.getInteger("forkcheck.symbolicFork.sample", 250);
    /** Per configuration, this many corruptions of sampled states (fewer states: some are left out). */
    private static final int CORRUPTED = Integer.getInteger("forkcheck.symbolicFork.corrupted", 150);
    /** With the configuration, the corruptions' seed, which a failure names so that the run can be repeated. */
    private static final long SEED = Long.getLong("forkcheck.symbolicFork.seed", 1);
    private static final Map<String, List<long[]>> SAMPLES = new ConcurrentHashMap<>();

    /** Every fork scenario with the spec as the kernel has it, then each seeded mutant on its scenario. */
    static Stream<Arguments> configurations() {
        String only = System.getProperty("forkcheck.symbolicFork.scenario");
        // boot's 32,768-bit pidmap would make every state 65,536 terms: the certifier refuses it too
        Stream<Arguments> kernel = Scenarios.builtins().stream().filter(n -> n.startsWith("fork-"))
                .map(n -> Arguments.of(n, ForkMutant.NONE.id()));
        Stream<Arguments> mutants = ForkMutant.seeded().stream().map(m -> Arguments.of(m.mutation().scenario(), m.id()));
        return Stream.concat(kernel, mutants).filter(a -> only == null || only.equals(a.get()[0]));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    void everyReachableStepIsTheJavaStep(String scenario, String mutant) {
        ForkSpec spec = (ForkSpec) Models.load(scenario, mutant);
        assertAgree(spec, sample(spec).stream().map(s -> new Sample(s, "")).toList());
    }

    /**
     * The prover reasons about every state of the layout, so the copy must agree off the search
     * too: sampled states with 1 to 3 variables set at random within their ranges. A state on
     * which some Java loop might never end is left out ({@link Walks}).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    void everyCorruptedStepIsTheJavaStep(String scenario, String mutant) {
        ForkSpec spec = (ForkSpec) Models.load(scenario, mutant);
        List<long[]> reachable = sample(spec);
        Walks walks = new Walks(spec);
        Random random = new Random(Objects.hash(SEED, scenario, mutant));
        List<Sample> states = new ArrayList<>();
        for (int i = 0; i < CORRUPTED; i++) {
            long[] s = reachable.get(random.nextInt(reachable.size())).clone();
            String changes = corrupt(spec.layout(), s, random);
            if (walks.end(s)) {
                states.add(new Sample(s, "\n  on corrupted state " + i + " of seed " + SEED + " (" + changes + "): "
                        + Arrays.toString(s)));
            }
        }
        assertAgree(spec, states);
    }

    /** A state to compare on, and how a failure names where it came from (empty for a reachable one). */
    private record Sample(long[] state, String origin) {}

    /** Each action's step, and {@code deadlock-free} (final, or some action enabled): the Java's and the formula's. */
    private static void assertAgree(ForkSpec spec, List<Sample> states) {
        Map<String, List<String>> failures = new TreeMap<>();
        int[] checked = new int[2];
        try (Context ctx = new Context()) {
            SymbolicForkSpec sym = new SymbolicForkSpec(ctx, spec);
            for (Sample sample : states) {
                long[] s = sample.state();
                SymState pre = SymState.of(ctx, spec.layout(), s);
                for (int a = 0; a < spec.actionCount(); a++) {
                    String why = compare(spec, sym, pre, s, a, checked);
                    if (why != null) {
                        failures.computeIfAbsent(row(spec, s, a), r -> new ArrayList<>()).add(why + sample.origin());
                    }
                }
                Boolean progress = javaProgress(spec, s);
                if (progress != null && !sym.progress(pre).simplify().equals(ctx.mkBool(progress))) {
                    failures.computeIfAbsent("PROGRESS", r -> new ArrayList<>()).add("deadlock-free is " + progress
                            + " in the Java, not in the formula" + sample.origin());
                }
            }
        }
        StringBuilder b = new StringBuilder();
        failures.forEach((row, whys) -> b.append("\n").append(row).append(": ").append(whys.size())
                .append(" disagree; first:\n").append(whys.get(0)));
        String config = spec.scenarioName() + " " + spec.mutant().id();
        assertTrue(failures.isEmpty(), config + ": " + checked[0] + " actions compared, " + checked[1]
                + " with a successor" + b);
        assertTrue(checked[1] > 0, config + ": no action had a successor");
    }

    /** Rows of {@code fork-exit} whose steps run local chains, where the relation names its intermediate terms; and BEGIN. */
    private static final List<Arguments> SOLVED_ROWS = List.of(Arguments.of("fork-exit", "SCHEDULE"),
            Arguments.of("fork-exit", "BEGIN"), Arguments.of("fork-exit", "LAST_PID_WRITE"), Arguments.of("fork-exit", "EXIT_FS"),
            Arguments.of("fork-exit", "COPY_PROCESS_19"), Arguments.of("fork-exit", "COPY_PROCESS_26"),
            Arguments.of("fork-exit", "RELEASE_TASK_LOCK"));

    /**
     * The relation as the prover asserts it, over a symbolic pre-state, then pinned to reachable
     * states by the solver: each row's step admits exactly the Java successor. This is what the
     * numeral runs above cannot see: the names the relation gives its terms must constrain nothing.
     * And every variable the Java step changes is among those the symbolic step says it may write,
     * which Houdini trusts to leave the other candidates out of its queries.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("solvedRows")
    void theSolvedRelationAdmitsExactlyTheJavaSuccessor(String scenario, String row) {
        ForkSpec spec = (ForkSpec) Models.load(scenario, "none");
        List<long[]> states = sample(spec);
        int[] checked = new int[1];
        try (Context ctx = new Context()) {
            SymbolicForkSpec sym = new SymbolicForkSpec(ctx, spec);
            SymState pre = sym.state("");
            SymState post = sym.state("'");
            RowOf rowOf = new RowOf(spec);
            Solver solver = ctx.mkSolver();
            BoolExpr[] action = new BoolExpr[spec.actionCount()];
            List<Set<String>> writes = new ArrayList<>();
            for (int a = 0; a < action.length; a++) {
                action[a] = ctx.mkBoolConst("action" + a);
                SymbolicForkSpec.Step step = sym.stepOf(pre, post, a, Row.byName(row), 0);
                solver.add(ctx.mkImplies(action[a], step.relation()));
                writes.add(step.writes());
            }
            int columns = Mined.columns(spec.layout()).size();
            assertTrue(writes.stream().allMatch(w -> w.size() < columns / 2), row + ": writes most of the state: " + writes);
            for (long[] s : states) {
                for (int a = 0; a < action.length; a++) {
                    long[] next = javaStep(spec, s, a);
                    if (next == null || !rowOf.of(s, a).name().equals(row)) {
                        continue;
                    }
                    checked[0]++;
                    for (String changed : changed(spec.layout(), s, next)) {
                        assertTrue(writes.get(a).contains(changed), row + ": action " + a + " changes " + changed
                                + ", which its step does not say it may write");
                    }
                    solver.push();
                    solver.add(pre.is(s));
                    assertEquals(Status.SATISFIABLE, solver.check(action[a], post.is(next)), row + ": the Java successor");
                    solver.add(ctx.mkNot(post.is(next)));
                    assertEquals(Status.UNSATISFIABLE, solver.check(action[a]), row + ": another successor");
                    solver.pop();
                }
            }
        }
        assertTrue(checked[0] > 0, row + ": no sampled state takes this step");
    }

    /** The variables that differ between {@code s} and {@code t}: a field by name, a bitmap's bit as {@code name#j}. */
    private static List<String> changed(Layout layout, long[] s, long[] t) {
        List<String> out = new ArrayList<>();
        for (Var v : layout.vars()) {
            if (v instanceof Field f && f.get(s) != f.get(t)) {
                out.add(f.name());
            } else if (v instanceof Bitmap b) {
                for (int j = 0; j < b.size(); j++) {
                    if (b.test(s, j) != b.test(t, j)) {
                        out.add(b.name() + "#" + j);
                    }
                }
            }
        }
        return out;
    }

    static Stream<Arguments> solvedRows() {
        return SOLVED_ROWS.stream();
    }

    /** Sets 1 to 3 variables of {@code s} at random: a field to any value of its range, a bitmap bit flipped. */
    private static String corrupt(Layout layout, long[] s, Random random) {
        List<String> changes = new ArrayList<>();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            Var v = layout.vars().get(random.nextInt(layout.vars().size()));
            if (v instanceof Field f) {
                int was = f.get(s);
                f.set(s, f.min() + random.nextInt(f.max() - f.min() + 1));
                changes.add(f.name() + " " + was + " -> " + f.get(s));
            } else if (v instanceof Bitmap bm) {
                int j = random.nextInt(bm.size());
                if (bm.test(s, j)) {
                    bm.clear(s, j);
                } else {
                    bm.set(s, j);
                }
                changes.add(bm.name() + "#" + j + " flipped");
            }
        }
        return String.join(", ", changes);
    }

    /** The sample of a configuration, explored once for both tests. */
    private static List<long[]> sample(ForkSpec spec) {
        return SAMPLES.computeIfAbsent(spec.scenarioName() + " " + spec.mutant().id(), c -> explore(spec));
    }

    private static List<long[]> explore(ForkSpec spec) {
        List<long[]> all = new ArrayList<>();
        Explorer.explore(spec, Options.defaults().withWorkers(1).withKeepGoing(true).withMaxStates(200_000)
                .withObserver((s, fp) -> all.add(s.clone()), 1));
        int every = Math.max(1, all.size() / SAMPLE);
        List<long[]> some = new ArrayList<>();
        for (int i = 0; i < all.size(); i += every) {
            some.add(all.get(i));
        }
        return some;
    }

    private static String row(ForkSpec spec, long[] s, int a) {
        try {
            var d = spec.describe(s, a);
            return "cpu" + (a >> 1) + ((a & 1) != 0 ? " failing " : " ") + d.label();
        } catch (RuntimeException e) {
            return "action " + a + " (describe throws)";
        }
    }

    /** Null if the symbolic run agrees with the Java on action {@code a} from {@code s}; else how it differs. */
    private static String compare(ForkSpec spec, SymbolicForkSpec sym, SymState pre, long[] s, int a, int[] checked) {
        checked[0]++;
        long[] next = javaStep(spec, s, a);
        Exec x;
        try {
            x = sym.run(pre, a);
        } catch (RuntimeException e) {
            return "the symbolic run throws " + e + "\n" + trace(e);
        }
        BoolExpr defined = (BoolExpr) x.defined().simplify();
        if (!defined.isTrue() && !defined.isFalse()) {
            return "defined is not a constant on a concrete state: " + defined;
        }
        if (next == null) {
            return defined.isFalse() ? null : "the Java has no successor (disabled or throws), the symbolic run does";
        }
        checked[1]++;
        if (defined.isFalse()) {
            return "the Java has a successor, the symbolic run has none (not encoded, or a require too strong)";
        }
        StringBuilder diff = new StringBuilder();
        for (Var v : spec.layout().vars()) {
            if (v instanceof Field f) {
                Expr<IntSort> e = x.fields().get(f.name()).simplify();
                String got = e instanceof IntNum n ? String.valueOf(n.getInt()) : e.toString();
                if (!got.equals(String.valueOf(f.get(next)))) {
                    diff.append("  ").append(f.name()).append(": java ").append(f.get(next)).append(", symbolic ").append(got)
                            .append(" (was ").append(f.get(s)).append(")\n");
                }
            } else if (v instanceof Bitmap bm) {
                BoolExpr[] bits = x.bitmaps().get(bm.name());
                for (int j = 0; j < bits.length; j++) {
                    BoolExpr e = (BoolExpr) bits[j].simplify();
                    if (e.isTrue() != bm.test(next, j) || !e.isTrue() && !e.isFalse()) {
                        diff.append("  ").append(bm.name()).append('#').append(j).append(": java ").append(bm.test(next, j))
                                .append(", symbolic ").append(e).append('\n');
                    }
                }
            }
        }
        return diff.length() == 0 ? null : "the successors differ:\n" + diff;
    }

    private static String trace(RuntimeException e) {
        StringBuilder b = new StringBuilder();
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(8, st.length); i++) {
            b.append("    at ").append(st[i]).append('\n');
        }
        return b.toString();
    }

    /** The Java successor, or null where the action is disabled or the step throws. */
    /** {@code deadlock-free} of {@code s} in the Java: final, or some action enabled; null where the Java throws. */
    private static Boolean javaProgress(ForkSpec spec, long[] s) {
        try {
            boolean any = spec.isFinal(s);
            for (int a = 0; a < spec.actionCount(); a++) {
                any |= spec.enabled(s, a);
            }
            return any;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long[] javaStep(ForkSpec spec, long[] s, int a) {
        try {
            if (!spec.enabled(s, a)) {
                return null;
            }
            long[] next = spec.layout().newState();
            spec.step(s, a, next);
            return next;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether every list walk the Java step may take from a state ends within the list's size,
     * the bound the symbolic copy unrolls it to; on a corrupted list the Java can loop forever.
     * The walks: {@code Kernel.pickNext} reads a run queue from its head (in {@code enabled}, and
     * in {@code schedule()} and {@code EXIT_SCHEDULE} after the {@code list_del} of the CPU's
     * current task, which can splice the queue); {@code Reap.doWait} reads a task's children; and
     * {@code Kernel.forgetOriginalParent} walks the exiting task's children and ptrace_children
     * while it moves each entry to another list, which ends only if the entries leave the walked
     * cycle for good. Nothing walks the {@code tasks} list, the local steps' labels form no cycle
     * in the code, and every other loop counts.
     */
    private static final class Walks {
        private final int slots;
        private final Links run;
        private final Links family;
        private final Links ptrace;
        private final Field[] curr;
        private final Field[] pc;
        private final Field[] pid;
        private final Field[] prog;
        private final Field[] op;
        private final List<List<ForkOp>> programs;

        Walks(ForkSpec spec) {
            programs = spec.programs();
            slots = spec.scenario().slots();
            int cpus = spec.scenario().cpus();
            Map<String, Field> fields = new HashMap<>();
            for (Var v : spec.layout().vars()) {
                if (v instanceof Field f) {
                    fields.put(f.name(), f);
                }
            }
            List<String> runNodes = new ArrayList<>();
            List<String> familyNodes = new ArrayList<>();
            List<String> ptraceNodes = new ArrayList<>();
            for (int i = 0; i < slots; i++) {
                runNodes.add("task" + i + ".run_list");
                familyNodes.addAll(List.of("task" + i + ".children", "task" + i + ".sibling"));
                ptraceNodes.addAll(List.of("task" + i + ".ptrace_children", "task" + i + ".ptrace_list"));
            }
            curr = new Field[cpus];
            for (int c = 0; c < cpus; c++) {
                runNodes.add("rq" + c + ".active.queue");
                curr[c] = fields.get("rq" + c + ".curr");
            }
            run = new Links(fields, runNodes, n -> n.startsWith("rq"));
            family = new Links(fields, familyNodes, n -> n.endsWith(".children"));
            ptrace = new Links(fields, ptraceNodes, n -> n.endsWith(".ptrace_children"));
            pc = task(fields, "pc");
            pid = task(fields, "pid");
            prog = task(fields, "prog");
            op = task(fields, "op");
        }

        boolean end(long[] s) {
            int[] queue = run.nexts(s);
            if (!run.headsEnd(queue)) {
                return false;
            }
            for (Field c : curr) {
                int e = c.get(s);
                if (e >= 0 && e < slots && !run.headsEnd(withoutEntry(queue, e, run.prev(s, e)))) {
                    return false;
                }
            }
            int[] children = family.nexts(s);
            for (int p = 0; p < slots; p++) {
                if (mayWait(s, p) && !Links.ends(children, 2 * p)) {
                    return false;
                }
                if (pc[p].get(s) == ForkLabel.EXIT_NOTIFY_BODY.ordinal() && !forgetEnds(s, p)) {
                    return false;
                }
            }
            return true;
        }

        /** Task {@code p} may run do_wait in this step: it is at WAIT, or its next system call is a wait. */
        private boolean mayWait(long[] s, int p) {
            List<ForkOp> ops = programs.get(prog[p].get(s));
            int next = op[p].get(s);
            int at = pc[p].get(s);
            return at == ForkLabel.WAIT.ordinal()
                    || at == ForkLabel.IDLE.ordinal() && next < ops.size() && ops.get(next) instanceof ForkOp.Wait;
        }

        private Field[] task(Map<String, Field> fields, String name) {
            Field[] f = new Field[slots];
            for (int i = 0; i < slots; i++) {
                f[i] = fields.get("task" + i + "." + name);
            }
            return f;
        }

        /** The next links after {@code list_del(e)}; unchanged where a poisoned link makes the Java throw first. */
        private static int[] withoutEntry(int[] next, int e, int prev) {
            if (next[e] == ListHeads.POISON || prev == ListHeads.POISON) {
                return next;
            }
            int[] after = next.clone();
            after[prev] = next[e];
            after[e] = ListHeads.POISON;
            return after;
        }

        /**
         * Each entry {@code forget_original_parent} moves leaves the walked cycle for good: every
         * head alone on a well-formed cycle, so a list_del_init and a list_add elsewhere splice no
         * other cycle; a child's ptrace_list that {@code __ptrace_unlink} takes off is on such a
         * cycle or empty; and the reaper is not the father, as it would be for an exiting init,
         * which would move its children to its own tail forever.
         */
        private boolean forgetEnds(long[] s, int father) {
            boolean[] linked = new boolean[ptrace.size()];
            if (pid[father].get(s) == 1 || !family.headsAlone(s, new boolean[family.size()])
                    || !ptrace.headsAlone(s, linked)) {
                return false;
            }
            int head = 2 * father;
            for (int node = family.next(s, head); node != head; node = family.next(s, node)) {
                int list = 2 * (node / 2) + 1;
                if (ptrace.next(s, list) != list && !linked[list]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One {@code ListHeads} by its nodes' names, numbered as the spec numbers them, and which nodes are heads. */
    private static final class Links {
        private final Field[] next;
        private final Field[] prev;
        private final boolean[] head;

        Links(Map<String, Field> fields, List<String> nodes, Predicate<String> isHead) {
            next = new Field[nodes.size()];
            prev = new Field[nodes.size()];
            head = new boolean[nodes.size()];
            for (int i = 0; i < nodes.size(); i++) {
                next[i] = fields.get(nodes.get(i) + ".next");
                prev[i] = fields.get(nodes.get(i) + ".prev");
                head[i] = isHead.test(nodes.get(i));
            }
        }

        int size() {
            return next.length;
        }

        int next(long[] s, int node) {
            return next[node].get(s);
        }

        int prev(long[] s, int node) {
            return prev[node].get(s);
        }

        int[] nexts(long[] s) {
            int[] n = new int[next.length];
            for (int i = 0; i < n.length; i++) {
                n[i] = next(s, i);
            }
            return n;
        }

        /** From every head, {@code next} comes back to it, or to a poisoned link where the Java throws. */
        boolean headsEnd(int[] links) {
            for (int h = 0; h < head.length; h++) {
                if (head[h] && !ends(links, h)) {
                    return false;
                }
            }
            return true;
        }

        /** From {@code h}, {@code next} comes back to it within the list's size, or to a poisoned link. */
        static boolean ends(int[] links, int h) {
            int node = links[h];
            for (int steps = 0; steps < links.length; steps++) {
                if (node == h || node == ListHeads.POISON) {
                    return true;
                }
                node = links[node];
            }
            return false;
        }

        /**
         * Every head on a cycle of its own, each link's {@code prev} the way back; the cycles'
         * nodes into {@code onCycle}.
         */
        boolean headsAlone(long[] s, boolean[] onCycle) {
            for (int h = 0; h < head.length; h++) {
                if (head[h] && !alone(s, h, onCycle)) {
                    return false;
                }
            }
            return true;
        }

        private boolean alone(long[] s, int h, boolean[] onCycle) {
            int node = h;
            for (int steps = 0; steps < next.length; steps++) {
                int n = next(s, node);
                if (n == ListHeads.POISON || prev(s, n) != node) {
                    return false;
                }
                if (n == h) {
                    return true;
                }
                if (head[n]) {
                    return false;
                }
                onCycle[n] = true;
                node = n;
            }
            return false;
        }
    }
}
