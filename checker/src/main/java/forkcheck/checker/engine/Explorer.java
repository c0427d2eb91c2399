package forkcheck.checker.engine;

import forkcheck.spec.Property;
import forkcheck.spec.Spec;
import forkcheck.spec.StatePredicate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Breadth-first exploration of every interleaving, level by level, so the first violation found
 * has a shortest trace.
 *
 * <p>Each level's states are split into chunks that the workers claim; each worker writes the new
 * states it finds into a buffer of its own, and the buffers become the next level. A state is
 * stored only in the level that reaches it; after that only its fingerprint (in the visited set)
 * and its parent and action (in the trace log) remain. The counts do not depend on the number of
 * workers: the set of distinct states, and the transitions out of each, are what they are.
 */
public final class Explorer {
    /** Checked by the explorer itself: a state with no step is a deadlock unless the spec calls it final. */
    public static final Property DEADLOCK_FREE = Property.always("deadlock-free",
            "every state has a next step, unless every CPU has finished", s -> true);

    private static final int INITIAL_CAPACITY = 1 << 16;
    private static final int MAX_CHUNK = 256;
    /** Successors looked up in the visited set together; see {@code Worker.flush}. */
    private static final int BATCH = 64;
    private static final int DEADLOCK = 0;
    /** Released if the heap runs out anyway, so that the run can still report what it found. */
    private static final int RESERVE_BYTES = 16 << 20;

    private final Spec spec;
    private final Options opt;
    private final Consumer<Stats> progress;
    private final Property[] props;
    private final StatePredicate[] predicates;
    /** Per property: the truth value that decides it (false for an invariant, true for a sometimes-property). */
    private final boolean[] decidingValue;
    private final int width;
    private final int actions;
    private final int chunk;
    private final long memoryLimit;
    private final StateObserver observer;
    private final long observeEvery;
    /** New distinct states offered to the observer so far; only touched when there is one. */
    private final AtomicLong observed = new AtomicLong();

    private final FingerprintSet visited = new FingerprintSet(INITIAL_CAPACITY);
    private final TraceLog log = new TraceLog();
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final AtomicLong transitions = new AtomicLong();
    private final AtomicInteger cursor = new AtomicInteger();
    /** Per property: decided in an earlier level (violated, or reached); read by workers, written between levels. */
    private final boolean[] decided;
    private final Witness[] found;
    private final int[][] paths;
    private final long started = System.nanoTime();

    private volatile String stop;
    /** A field, not a local, so that escape analysis cannot drop the allocation. */
    private byte[] reserve;
    private StateBuffer[] frontier;
    private int frontierBase;
    private int frontierSize;
    private StateBuffer[] next;
    private int depth;

    private Explorer(Spec spec, Options opt, Consumer<Stats> progress) {
        opt.validate();
        this.spec = spec;
        this.opt = opt;
        this.progress = progress;
        List<Property> all = new ArrayList<>();
        all.add(DEADLOCK_FREE);
        all.addAll(spec.properties());
        props = all.toArray(Property[]::new);
        predicates = new StatePredicate[props.length];
        decidingValue = new boolean[props.length];
        for (int p = 0; p < props.length; p++) {
            predicates[p] = props[p].predicate();
            decidingValue[p] = props[p].kind() == Property.Kind.SOMETIMES;
        }
        width = spec.layout().words();
        actions = spec.actionCount();
        chunk = Math.max(1, Math.min(MAX_CHUNK, INITIAL_CAPACITY / 8 / opt.workers() / Math.max(1, actions)));
        memoryLimit = opt.maxMemoryBytes() > 0 ? opt.maxMemoryBytes() : (long) (Runtime.getRuntime().maxMemory() * 0.8);
        observer = opt.observer();
        observeEvery = opt.observeEvery();
        decided = new boolean[props.length];
        found = new Witness[props.length];
        paths = new int[props.length][];
    }

    /** Explores {@code spec}; {@code progress} receives a snapshot every {@code opt.progressEvery()}. */
    public static Result explore(Spec spec, Options opt, Consumer<Stats> progress) {
        return new Explorer(spec, opt, progress).run();
    }

    public static Result explore(Spec spec, Options opt) {
        return explore(spec, opt, s -> {});
    }

    /** The state reached from the parent by the action; the parent itself when {@code action} is -1. */
    private record Witness(long fp, int parent, int action) {}

    private Result run() {
        ExecutorService pool = opt.workers() > 1 ? Executors.newFixedThreadPool(opt.workers(), daemon("forkcheck-worker")) : null;
        ScheduledExecutorService ticker = startProgress();
        try {
            Worker[] workers = new Worker[opt.workers()];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = new Worker();
            }
            reserve = new byte[RESERVE_BYTES];
            try {
                boolean violatedAtStart = start(workers[0]);
                while (frontierSize > 0 && stop == null && !(violatedAtStart && !opt.keepGoing())) {
                    if (opt.maxDepth() > 0 && depth >= opt.maxDepth()) {
                        stop = "depth";
                        break;
                    }
                    expandLevel(workers, pool);
                    boolean violated = settle();
                    promote();
                    if (violated && !opt.keepGoing() || allDecided()) {
                        break;
                    }
                }
            } catch (OutOfMemoryError e) {
                reserve = null;
                stop = "memory";
            }
        } finally {
            reserve = null;
            if (pool != null) {
                pool.shutdownNow();
            }
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
        return result();
    }

    /** Explores the initial state; true if it violates an invariant. */
    private boolean start(Worker w) {
        long[] s0 = new long[width];
        spec.init(s0);
        long fp = Fingerprint.of(s0);
        visited.add(fp);
        visited.added(1);
        log.add(-1, -1);
        StateBuffer b = new StateBuffer(width);
        b.append(s0, -1, -1);
        frontier = new StateBuffer[] {b};
        frontierBase = 0;
        frontierSize = 1;
        w.check(s0, fp, 0, -1);
        if (observer != null) {
            observe(s0, fp);
        }
        return settle();
    }

    private void expandLevel(Worker[] workers, ExecutorService pool) {
        cursor.set(0);
        next = new StateBuffer[workers.length];
        for (int w = 0; w < workers.length; w++) {
            next[w] = new StateBuffer(width);
            workers[w].out = next[w];
        }
        if (pool == null) {
            workers[0].run();
            return;
        }
        List<Future<?>> running = new ArrayList<>();
        for (Worker w : workers) {
            running.add(pool.submit(w));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop = "interrupted";
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    // An observer's verdict (a Z3 disagreement) must reach the caller as itself.
                    throw re;
                }
                throw new IllegalStateException("worker failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /** Records this level's witnesses; true if an invariant was violated in it. */
    private synchronized boolean settle() {
        boolean violated = false;
        for (int p = 0; p < props.length; p++) {
            Witness w = found[p];
            if (w != null && !decided[p]) {
                decided[p] = true;
                int[] prefix = log.path(w.parent);
                if (w.action >= 0) {
                    prefix = java.util.Arrays.copyOf(prefix, prefix.length + 1);
                    prefix[prefix.length - 1] = w.action;
                }
                paths[p] = prefix;
                violated |= props[p].kind() == Property.Kind.ALWAYS;
            }
        }
        return violated;
    }

    /** The states found in this level become the next frontier, and get their ids. */
    private void promote() {
        frontierBase = log.size();
        int size = 0;
        for (StateBuffer b : next) {
            for (int i = 0; i < b.size(); i++) {
                log.add(b.parent(i), b.action(i));
            }
            size += b.size();
        }
        frontier = next;
        frontierSize = size;
        next = null;
        cursor.set(0);
        if (size > 0) {
            depth++;
        }
    }

    private boolean allDecided() {
        for (boolean d : decided) {
            if (!d) {
                return false;
            }
        }
        return true;
    }

    private synchronized void offer(int p, long fp, int parent, int action) {
        Witness w = found[p];
        if (w == null || Long.compareUnsigned(fp, w.fp) < 0) {
            found[p] = new Witness(fp, parent, action);
        }
    }

    private void observe(long[] s, long fp) {
        if (observed.getAndIncrement() % observeEvery == 0) {
            observer.observe(s, fp);
        }
    }

    private Result result() {
        boolean complete = frontierSize == 0 && stop == null;
        List<Verdict> verdicts = new ArrayList<>();
        for (int p = 0; p < props.length; p++) {
            Verdict.Status status;
            if (props[p].kind() == Property.Kind.ALWAYS) {
                status = decided[p] ? Verdict.Status.VIOLATED : complete ? Verdict.Status.HOLDS : Verdict.Status.UNDECIDED;
            } else {
                status = decided[p] ? Verdict.Status.REACHED : complete ? Verdict.Status.NEVER_REACHED : Verdict.Status.UNDECIDED;
            }
            verdicts.add(new Verdict(props[p], status, paths[p]));
        }
        Stats stats = stats();
        double perState = (double) (visited.bytes() + log.bytes()) / Math.max(1, stats.distinct());
        boolean violated = verdicts.stream().anyMatch(v -> v.status() == Verdict.Status.VIOLATED);
        return new Result(stats, List.copyOf(verdicts), violated ? null : stop, complete, perState);
    }

    private Stats stats() {
        long queued = Math.max(0, frontierSize - cursor.get());
        StateBuffer[] n = next;
        if (n != null) {
            for (StateBuffer b : n) {
                queued += b.size();
            }
        }
        return new Stats(visited.size(), transitions.get(), queued, depth, System.nanoTime() - started);
    }

    private ScheduledExecutorService startProgress() {
        if (opt.progressEvery() == null) {
            return null;
        }
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(daemon("forkcheck-progress"));
        long every = opt.progressEvery().toMillis();
        t.scheduleAtFixedRate(() -> progress.accept(stats()), every, every, TimeUnit.MILLISECONDS);
        return t;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Checks the bounds at a chunk boundary; sets {@link #stop} when one is hit. */
    private void checkBounds(long footprint) {
        if (opt.maxStates() > 0 && visited.size() >= opt.maxStates()) {
            stop = "states";
        } else if (opt.timeLimit() != null && System.nanoTime() - started > opt.timeLimit().toNanos()) {
            stop = "time";
        } else if (footprint > memoryLimit) {
            stop = "memory";
        }
    }

    private long footprint() {
        long bytes = visited.bytes() + log.bytes();
        for (StateBuffer b : frontier) {
            bytes += b.bytes();
        }
        StateBuffer[] n = next;
        if (n != null) {
            for (StateBuffer b : n) {
                bytes += b.bytes();
            }
        }
        return bytes;
    }

    /** Grows the visited set if it is too full, with every worker held at a chunk boundary. */
    private void maybeGrow() {
        if (!visited.wantsToGrow()) {
            return;
        }
        gate.writeLock().lock();
        try {
            if (visited.wantsToGrow()) {
                if (footprint() + 2 * visited.bytes() > memoryLimit) {
                    stop = "memory";
                } else {
                    visited.grow();
                }
            }
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** Expands states of the frontier, a chunk at a time, into its own buffer. No allocation per state. */
    private final class Worker implements Runnable {
        private final long[] cur = new long[width];
        private final long[] succ = new long[width];
        private final long[] batch = new long[BATCH * width];
        private final long[] fps = new long[BATCH];
        private final int[] parents = new int[BATCH];
        private final int[] acts = new int[BATCH];
        private int pending;
        /** Keeps the JIT from dropping the loads of {@link #flush}'s first pass. */
        long sink;
        private StateBuffer out;

        @Override
        public void run() {
            try {
                while (stop == null) {
                    int lo = cursor.getAndAdd(chunk);
                    if (lo >= frontierSize) {
                        return;
                    }
                    int hi = Math.min(frontierSize, lo + chunk);
                    long before = out.size();
                    long steps;
                    gate.readLock().lock();
                    try {
                        steps = expand(lo, hi);
                    } finally {
                        gate.readLock().unlock();
                    }
                    transitions.addAndGet(steps);
                    visited.added(out.size() - before);
                    maybeGrow();
                    checkBounds(footprint());
                }
            } catch (OutOfMemoryError e) {
                stop = "memory";
            }
        }

        private long expand(int lo, int hi) {
            long steps = 0;
            int b = 0;
            int offset = 0;
            for (int idx = lo; idx < hi; idx++) {
                while (idx - offset >= frontier[b].size()) {
                    offset += frontier[b].size();
                    b++;
                }
                frontier[b].load(idx - offset, cur);
                int id = frontierBase + idx;
                boolean any = false;
                for (int a = 0; a < actions; a++) {
                    if (!spec.enabled(cur, a)) {
                        continue;
                    }
                    any = true;
                    steps++;
                    spec.step(cur, a, succ);
                    System.arraycopy(succ, 0, batch, pending * width, width);
                    fps[pending] = Fingerprint.of(succ);
                    parents[pending] = id;
                    acts[pending] = a;
                    if (++pending == BATCH) {
                        flush();
                    }
                }
                if (!any && !decided[DEADLOCK] && !spec.isFinal(cur)) {
                    offer(DEADLOCK, Fingerprint.of(cur), id, -1);
                }
            }
            flush();
            return steps;
        }

        /**
         * Looks the batch up in the visited set. The first pass only loads each fingerprint's
         * slot: the loads are independent, so their cache misses overlap instead of following
         * one another; the second pass then finds the slots in cache.
         */
        private void flush() {
            long touched = 0;
            for (int i = 0; i < pending; i++) {
                touched ^= visited.slot(fps[i]);
            }
            sink ^= touched;
            for (int i = 0; i < pending; i++) {
                if (visited.add(fps[i])) {
                    System.arraycopy(batch, i * width, succ, 0, width);
                    out.append(succ, parents[i], acts[i]);
                    check(succ, fps[i], parents[i], acts[i]);
                    if (observer != null) {
                        observe(succ, fps[i]);
                    }
                }
            }
            pending = 0;
        }

        void check(long[] s, long fp, int parent, int action) {
            for (int p = 1; p < props.length; p++) {
                if (!decided[p] && predicates[p].test(s) == decidingValue[p]) {
                    offer(p, fp, parent, action);
                }
            }
        }
    }
}
