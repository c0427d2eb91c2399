package forkcheck.spec.pid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import forkcheck.model.Var;
import forkcheck.spec.Property;
import forkcheck.spec.scenario.ScenarioParser;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * PidSpec on one CPU against a sequential reference of {@code alloc_pidmap}/{@code free_pidmap},
 * written here from kernel/pid.c of Linux 2.6.11 and sharing no code with the spec.
 *
 * <p>With one CPU there is one interleaving, so running the spec's only enabled action until every
 * op has returned must give the reference's results, bitmap, {@code nr_free} and {@code last_pid}.
 */
class AllocPidmapReferenceTest {
    static final String FAILS_ONLY_WHEN_FULL = "alloc-fails-only-when-full";

    /**
     * The kernel's allocator, sequential: {@code get_zeroed_page} always succeeds, and nobody else
     * touches the pidmap during a call.
     */
    static final class Reference {
        final int pidMax;
        final int bitsPerPage;
        final int mask;
        final int reservedPids;
        final int entries;
        final boolean[] page;
        final BitSet[] bits;
        final int[] nrFree;
        int lastPid;

        Reference(Setup su) {
            pidMax = su.pidMax();
            bitsPerPage = su.bitsPerPage();
            mask = bitsPerPage - 1;
            reservedPids = su.reservedPids();
            entries = (pidMax + bitsPerPage - 1) / bitsPerPage;
            page = new boolean[entries];
            bits = new BitSet[entries];
            nrFree = new int[entries];
            for (int m = 0; m < entries; m++) {
                bits[m] = new BitSet(bitsPerPage);
                nrFree[m] = bitsPerPage; // ATOMIC_INIT(BITS_PER_PAGE)
            }
            // pidmap_init(): page 0 present, pid 0 taken
            page[0] = true;
            bits[0].set(0);
            nrFree[0]--;
            for (int p : su.pages()) {
                page[p] = true;
            }
            for (int pid : su.taken()) {
                if (pid != 0) {
                    bits[pid / bitsPerPage].set(pid & mask);
                    nrFree[pid / bitsPerPage]--;
                }
            }
            lastPid = su.lastPid();
        }

        /** find_next_zero_bit(map->page, BITS_PER_PAGE, offset). */
        int findNextOffset(int map, int offset) {
            return Math.min(bits[map].nextClearBit(offset), bitsPerPage);
        }

        int mkPid(int map, int offset) {
            return map * bitsPerPage + offset;
        }

        int allocPidmap() {
            int i;
            int offset;
            int maxScan;
            int pid;
            int last = lastPid;
            int map;

            pid = last + 1;
            if (pid >= pidMax) {
                pid = reservedPids;
            }
            offset = pid & mask;
            map = pid / bitsPerPage;
            maxScan = (pidMax + bitsPerPage - 1) / bitsPerPage - (offset == 0 ? 1 : 0);
            for (i = 0; i <= maxScan; ++i) {
                if (!page[map]) {
                    page[map] = true; // get_zeroed_page: a page of zeroes
                    bits[map].clear();
                }
                if (nrFree[map] != 0) {
                    do {
                        if (!bits[map].get(offset)) { // !test_and_set_bit(offset, map->page)
                            bits[map].set(offset);
                            nrFree[map]--;
                            lastPid = pid;
                            return pid;
                        }
                        offset = findNextOffset(map, offset);
                        pid = mkPid(map, offset);
                    } while (offset < bitsPerPage && pid < pidMax
                            && (i != maxScan || pid < last || ((last + 1) & mask) == 0));
                }
                if (map < (pidMax - 1) / bitsPerPage) {
                    ++map;
                    offset = 0;
                } else {
                    map = 0;
                    offset = reservedPids;
                    if (last == offset) {
                        break;
                    }
                }
                pid = mkPid(map, offset);
            }
            return -1;
        }

        /** The pids an alloc_pidmap called now may return: free, and at or above RESERVED_PIDS or above last_pid. */
        BitSet freeInSearchRange() {
            BitSet out = new BitSet();
            for (int p = 0; p < pidMax; p++) {
                boolean taken = page[p / bitsPerPage] && bits[p / bitsPerPage].get(p & mask);
                if (!taken && (p >= reservedPids || p > lastPid)) {
                    out.set(p);
                }
            }
            return out;
        }

        void freePidmap(int pid) {
            int map = pid / bitsPerPage;
            bits[map].clear(pid & mask);
            nrFree[map]++;
        }
    }

    /** A generated scenario: bounds, starting contents, and CPU 0's program. */
    record Setup(int bitsPerPage, int pidMax, int reservedPids, int lastPid, TreeSet<Integer> pages,
            TreeSet<Integer> taken, List<String> program) {

        String text() {
            StringBuilder sb = new StringBuilder("# generated by AllocPidmapReferenceTest\n");
            sb.append("pid_max ").append(pidMax).append('\n');
            sb.append("bits_per_page ").append(bitsPerPage).append('\n');
            sb.append("reserved_pids ").append(reservedPids).append('\n');
            sb.append("last_pid ").append(lastPid).append('\n');
            if (!pages.isEmpty()) {
                sb.append("pages ").append(join(pages)).append('\n');
            }
            if (!taken.isEmpty()) {
                sb.append("taken ").append(join(taken)).append('\n');
            }
            sb.append("cpu 0 ").append(String.join(" ", program)).append('\n');
            return sb.toString();
        }

        @Override
        public String toString() {
            return "\n" + text();
        }
    }

    static String join(Iterable<Integer> xs) {
        StringJoiner j = new StringJoiner(" ");
        xs.forEach(x -> j.add(Integer.toString(x)));
        return j.toString();
    }

    static final Gen<Setup> SETUPS = in -> {
        int bpp = 1 << Generate.range(1, 6).generate(in);
        int reserved = Generate.range(1, bpp - 1).generate(in);
        int pidMax = Generate.range(Math.max(2, reserved + 1), 4 * bpp).generate(in);
        int lastPid = Generate.range(0, pidMax - 1).generate(in);
        int entries = (pidMax + bpp - 1) / bpp;
        TreeSet<Integer> pages = new TreeSet<>();
        for (int p = 1; p < entries; p++) {
            if (Generate.booleans().generate(in)) {
                pages.add(p);
            }
        }
        // how full the present pages start, in percent
        int density = Generate.pick(List.of(0, 20, 50, 80, 95, 100)).generate(in);
        TreeSet<Integer> taken = new TreeSet<>();
        for (int pid = 1; pid < pidMax; pid++) {
            int p = pid / bpp;
            if ((p == 0 || pages.contains(p)) && Generate.range(0, 99).generate(in) < density) {
                taken.add(pid);
            }
        }
        int length = Generate.range(1, 40).generate(in);
        List<String> program = new ArrayList<>();
        List<Integer> unfreedAllocs = new ArrayList<>();
        List<Integer> unfreedTaken = new ArrayList<>(taken);
        int allocs = 0;
        for (int k = 0; k < length; k++) {
            int what = Generate.range(0, 9).generate(in);
            if (what < 3 && !unfreedAllocs.isEmpty()) {
                int a = unfreedAllocs.remove((int) Generate.range(0, unfreedAllocs.size() - 1).generate(in));
                program.add("free r" + a);
            } else if (what == 3 && !unfreedTaken.isEmpty()) {
                int pid = unfreedTaken.remove((int) Generate.range(0, unfreedTaken.size() - 1).generate(in));
                program.add("free " + pid);
            } else {
                allocs++;
                unfreedAllocs.add(allocs);
                program.add("alloc");
            }
        }
        return new Setup(bpp, pidMax, reserved, lastPid, pages, taken, program);
    };

    /** Runs the spec and the reference side by side; compares them after every op returns. */
    static void check(Setup su) {
        String text = su.text();
        PidSpec spec = new PidSpec(ScenarioParser.parse("generated", text));
        Map<String, Var> vars = new HashMap<>();
        for (Var v : spec.layout().vars()) {
            vars.put(v.name(), v);
        }
        Reference ref = new Reference(su);
        int entries = ref.entries;
        List<String> program = su.program();
        List<Integer> refResults = new ArrayList<>();
        // alloc-fails-only-when-full is checked below against the reference: the kernel itself breaks it
        // (README, finding 2), and only in the one way the reference predicts.
        List<Property> always = spec.properties().stream()
                .filter(p -> p.kind() == Property.Kind.ALWAYS && !p.name().equals(FAILS_ONLY_WHEN_FULL)).toList();
        Property failsOnlyWhenFull = spec.properties().stream().filter(p -> p.name().equals(FAILS_ONLY_WHEN_FULL))
                .findFirst().orElseThrow();
        BitSet freeBeforeLastAlloc = new BitSet();
        int lastBeforeLastAlloc = -1;

        long[] s = spec.layout().newState();
        long[] t = spec.layout().newState();
        spec.init(s);
        compare(su, vars, ref, entries, s, "in the initial state");

        int done = 0; // ops of the program the reference has run
        int steps = 0;
        while (!spec.isFinal(s)) {
            assertTrue(spec.enabled(s, 0), "with one CPU action 0 is enabled until the program ends\n" + text);
            for (int a = 1; a < spec.actionCount(); a++) {
                assertFalse(spec.enabled(s, a), "action " + a + " enabled on one CPU without faults\n" + text);
            }
            spec.step(s, 0, t);
            long[] x = s;
            s = t;
            t = x;
            if (++steps > 100_000) {
                fail("the spec has not finished after " + steps + " steps\n" + text);
            }
            for (Property p : always) {
                assertTrue(p.predicate().test(s), p.name() + " fails after step " + steps + " on one CPU\n" + text);
            }
            if (show(vars, "cpu0.pc", s).equals("RET")) {
                int op = Integer.parseInt(show(vars, "cpu0.op", s)); // ops begun
                while (done < op) {
                    freeBeforeLastAlloc = ref.freeInSearchRange();
                    lastBeforeLastAlloc = ref.lastPid;
                    runOp(ref, program.get(done), refResults);
                    done++;
                }
                compare(su, vars, ref, entries, s, "after op " + op + " (" + program.get(op - 1) + ")");
                compareResults(su, vars, refResults, done, s);
                if (program.get(op - 1).equals("alloc") && refResults.get(refResults.size() - 1) == -1) {
                    BitSet missed = (BitSet) freeBeforeLastAlloc.clone();
                    missed.clear(lastBeforeLastAlloc);
                    assertTrue(missed.isEmpty(), "the kernel's sequential search returned -1 with pids " + missed
                            + " free other than last_pid " + lastBeforeLastAlloc + "\n" + text);
                    assertEquals(freeBeforeLastAlloc.isEmpty(), failsOnlyWhenFull.predicate().test(s),
                            FAILS_ONLY_WHEN_FULL + " after alloc #" + refResults.size() + " returned -1 with "
                            + freeBeforeLastAlloc + " free in its range\n" + text);
                } else {
                    assertTrue(failsOnlyWhenFull.predicate().test(s), FAILS_ONLY_WHEN_FULL + " after op " + op + "\n" + text);
                }
            }
        }
        while (done < program.size()) {
            runOp(ref, program.get(done), refResults);
            done++;
        }
        compare(su, vars, ref, entries, s, "at the end");
        compareResults(su, vars, refResults, done, s);
    }

    static void runOp(Reference ref, String op, List<Integer> results) {
        if (op.equals("alloc")) {
            results.add(ref.allocPidmap());
        } else if (op.startsWith("free r")) {
            int pid = results.get(Integer.parseInt(op.substring("free r".length())) - 1);
            if (pid != -1) {
                ref.freePidmap(pid);
            }
        } else {
            ref.freePidmap(Integer.parseInt(op.substring("free ".length())));
        }
    }

    static String show(Map<String, Var> vars, String name, long[] s) {
        Var v = vars.get(name);
        if (v == null) {
            fail("the spec has no variable " + name + " (has " + vars.keySet() + ")");
        }
        return v.show(s);
    }

    static void compare(Setup su, Map<String, Var> vars, Reference ref, int entries, long[] s, String when) {
        String where = " " + when + "\n" + su.text();
        assertEquals(Integer.toString(ref.lastPid), show(vars, "last_pid", s), "last_pid" + where);
        for (int m = 0; m < entries; m++) {
            String p = "pidmap_array[" + m + "]";
            assertEquals(ref.page[m] ? "1" : "0", show(vars, p + ".page", s), p + ".page" + where);
            assertEquals(Integer.toString(ref.nrFree[m]), show(vars, p + ".nr_free", s), p + ".nr_free" + where);
            assertEquals(bitsOf(ref.bits[m]), show(vars, p + ".bits", s), p + ".bits" + where);
        }
    }

    /** A result the program has since freed is forgotten by the spec (-1): nothing reads it again. */
    static void compareResults(Setup su, Map<String, Var> vars, List<Integer> refResults, int done, long[] s) {
        for (int k = 0; k < refResults.size(); k++) {
            boolean freed = su.program().subList(0, done).contains("free r" + (k + 1));
            int expected = freed ? -1 : refResults.get(k);
            assertEquals(Integer.toString(expected), show(vars, "cpu0.r" + (k + 1), s),
                    "alloc #" + (k + 1) + (freed ? " was freed" : " returned") + "\n" + su.text());
        }
    }

    static String bitsOf(BitSet bs) {
        StringJoiner j = new StringJoiner(",", "{", "}");
        bs.stream().forEach(b -> j.add(Integer.toString(b)));
        return j.toString();
    }

    @Test
    void specAgreesWithTheReferenceOnOneCpu() {
        qt().withExamples(300).forAll(SETUPS).checkAssert(AllocPidmapReferenceTest::check);
    }

    // Worked by hand from the kernel's alloc_pidmap, to check the reference as much as the spec.

    static Setup setup(int bpp, int pidMax, int reserved, int last, List<Integer> pages, List<Integer> taken,
            String program) {
        List<String> ops = new ArrayList<>();
        String[] words = program.split(" ");
        for (int w = 0; w < words.length; w++) {
            ops.add(words[w].equals("free") ? "free " + words[++w] : words[w]);
        }
        return new Setup(bpp, pidMax, reserved, last, new TreeSet<>(pages), new TreeSet<>(taken), List.copyOf(ops));
    }

    static List<Integer> results(Setup su) {
        Reference ref = new Reference(su);
        List<Integer> out = new ArrayList<>();
        for (String op : su.program()) {
            runOp(ref, op, out);
        }
        return out;
    }

    @Test
    void handWorkedExamples() {
        // last_pid 6: 7 is free; 8 is on page 1, which the search installs; then 9.
        Setup a = setup(8, 16, 2, 6, List.of(), List.of(), "alloc alloc alloc");
        assertEquals(List.of(7, 8, 9), results(a));

        // wrap: 14 and 15 taken; the search wraps to RESERVED_PIDS = 2, 2 and 3 taken, so 4.
        Setup b = setup(8, 16, 2, 13, List.of(1), List.of(14, 15, 2, 3), "alloc alloc");
        assertEquals(List.of(4, 5), results(b));

        // full: every pid taken; the search gives up and returns -1.
        Setup c = setup(8, 8, 2, 7, List.of(), List.of(1, 2, 3, 4, 5, 6, 7), "alloc");
        assertEquals(List.of(-1), results(c));

        // only 3 is free and 3 < last: the final pass (i == max_scan) may take it.
        Setup d = setup(8, 8, 2, 5, List.of(), List.of(1, 2, 4, 5, 6, 7), "alloc alloc");
        assertEquals(List.of(3, -1), results(d));

        // last == RESERVED_PIDS: after wrapping the search stops at once ('last == offset' break),
        // although pid 1 (below RESERVED_PIDS) is free.
        Setup e = setup(8, 8, 2, 2, List.of(), List.of(2, 3, 4, 5, 6, 7), "alloc");
        assertEquals(List.of(-1), results(e));

        // free then alloc: the freed pid comes back only once the search wraps to it.
        Setup f = setup(4, 8, 1, 6, List.of(1), List.of(1, 2, 3, 4, 5, 6, 7), "free 3 alloc alloc");
        assertEquals(List.of(3, -1), results(f));

        // README finding 2, the 'last == offset' break: last_pid is RESERVED_PIDS and has been freed;
        // after wrapping the search stops before looking at it.
        Setup g = setup(2, 3, 1, 0, List.of(1), List.of(2), "alloc free r1 alloc");
        assertEquals(List.of(1, -1), results(g));

        // README finding 2, the final pass: only 5 == last_pid is free, and the final pass over the
        // starting page accepts only pid < last.
        Setup h = setup(8, 8, 2, 5, List.of(), List.of(1, 2, 3, 4, 6, 7), "alloc");
        assertEquals(List.of(-1), results(h));

        for (Setup su : List.of(a, b, c, d, e, f, g, h)) {
            check(su);
        }
    }
}
