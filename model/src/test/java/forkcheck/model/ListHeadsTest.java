package forkcheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * {@code list_head} in the state vector behaves as the kernel's lists do: checked against plain
 * Java lists under random sequences of list_add, list_add_tail, list_del_init and list_del.
 */
class ListHeadsTest {
    static final int HEADS = 3;
    static final int ENTRIES = 6;

    /** One list operation: {@code kind} 0 add, 1 add_tail, 2 del_init, 3 del; on an entry and a head. */
    record Step(int kind, int entry, int head) {}

    static final Gen<List<Step>> PROGRAMS = in -> {
        int n = Generate.range(0, 40).generate(in);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            steps.add(new Step(Generate.range(0, 3).generate(in), Generate.range(0, ENTRIES - 1).generate(in),
                    Generate.range(0, HEADS - 1).generate(in)));
        }
        return steps;
    };

    static String[] names() {
        String[] n = new String[HEADS + ENTRIES];
        for (int i = 0; i < n.length; i++) {
            n[i] = i < HEADS ? "head" + i : "entry" + (i - HEADS);
        }
        return n;
    }

    @Test
    void agreesWithJavaListsOnRandomPrograms() {
        qt().withExamples(500).forAll(PROGRAMS).checkAssert(ListHeadsTest::run);
    }

    /** Entries are only added when on no list and only deleted when on one, as kernel callers do. */
    static void run(List<Step> program) {
        Layout.Builder b = Layout.builder();
        b.flag("neighbour");
        ListHeads lists = new ListHeads(b, "links", names());
        Field after = b.field("after", 0, 1000);
        Layout layout = b.build();
        long[] s = layout.newState();
        for (int i = 0; i < lists.size(); i++) {
            lists.init(s, i);
        }
        after.set(s, 777);
        List<LinkedList<Integer>> ref = new ArrayList<>();
        for (int h = 0; h < HEADS; h++) {
            ref.add(new LinkedList<>());
        }
        int[] on = new int[ENTRIES];
        java.util.Arrays.fill(on, -1);
        boolean[] poisoned = new boolean[ENTRIES];
        for (Step st : program) {
            int node = HEADS + st.entry();
            if (st.kind() <= 1 && on[st.entry()] < 0) {
                if (st.kind() == 0) {
                    lists.add(s, node, st.head());
                    ref.get(st.head()).addFirst(node);
                } else {
                    lists.addTail(s, node, st.head());
                    ref.get(st.head()).addLast(node);
                }
                on[st.entry()] = st.head();
                poisoned[st.entry()] = false;
            } else if (st.kind() >= 2 && on[st.entry()] >= 0) {
                ref.get(on[st.entry()]).remove((Integer) node);
                if (st.kind() == 2) {
                    lists.delInit(s, node);
                } else {
                    lists.del(s, node);
                    poisoned[st.entry()] = true;
                }
                on[st.entry()] = -1;
            }
            for (int h = 0; h < HEADS; h++) {
                assertTrue(lists.wellFormed(s, h), "list " + h + " after " + st);
                assertEquals(ref.get(h), walk(lists, s, h), "list " + h + " after " + st);
                assertEquals(ref.get(h).isEmpty(), lists.isEmpty(s, h));
                assertEquals(ref.get(h).size(), lists.length(s, h));
            }
            for (int e = 0; e < ENTRIES; e++) {
                int node2 = HEADS + e;
                for (int h = 0; h < HEADS; h++) {
                    assertEquals(on[e] == h, lists.contains(s, h, node2));
                }
                if (poisoned[e]) {
                    assertEquals(ListHeads.POISON, lists.next(s, node2));
                } else if (on[e] < 0) {
                    assertTrue(lists.isEmpty(s, node2), "a list_del_init'd entry is an empty list");
                }
            }
        }
        assertEquals(777, after.get(s), "list operations wrote outside their fields");
    }

    static List<Integer> walk(ListHeads lists, long[] s, int head) {
        List<Integer> out = new ArrayList<>();
        for (int n = lists.next(s, head); n != head; n = lists.next(s, n)) {
            out.add(n);
        }
        return out;
    }

    @Test
    void corruptionsAreNotWellFormed() {
        Layout.Builder b = Layout.builder();
        ListHeads lists = new ListHeads(b, "links", names());
        long[] s = b.build().newState();
        for (int i = 0; i < lists.size(); i++) {
            lists.init(s, i);
        }
        lists.addTail(s, HEADS, 0);
        lists.addTail(s, HEADS + 1, 0);
        assertTrue(lists.wellFormed(s, 0));

        long[] brokenPrev = s.clone();
        new ListHeadsPoke(lists).setPrev(brokenPrev, HEADS + 1, HEADS + 1);
        assertFalse(lists.wellFormed(brokenPrev, 0), "next->prev != self");

        long[] cycle = s.clone();
        ListHeadsPoke poke = new ListHeadsPoke(lists);
        poke.setNext(cycle, HEADS + 1, HEADS);
        poke.setPrev(cycle, HEADS, HEADS + 1);
        assertFalse(lists.wellFormed(cycle, 0), "a cycle that never returns to the head");

        long[] poisoned = s.clone();
        lists.del(poisoned, HEADS);
        poke.setNext(poisoned, 0, HEADS);
        assertFalse(lists.wellFormed(poisoned, 0), "a poisoned entry still linked");
        assertThrows(IllegalStateException.class, () -> lists.del(poisoned, HEADS), "list_del of a list_del'd entry");
    }

    /** Writes links directly, to build corrupted lists no list operation would. */
    record ListHeadsPoke(ListHeads lists) {
        void setNext(long[] s, int node, int to) {
            linkField(node, ".next").set(s, to);
        }

        void setPrev(long[] s, int node, int to) {
            linkField(node, ".prev").set(s, to);
        }

        private Field linkField(int node, String which) {
            return lists.linkFieldForTest(node, which.equals(".next"));
        }
    }
}
