package forkcheck.model;

/**
 * A set of {@code struct list_head}s, as the kernel has them: each node a pair of indices
 * ({@code next}, {@code prev}) into the same set, lists circular through a head node.
 *
 * <p>One {@code ListHeads} holds one kind of link, e.g. every task's {@code sibling} and
 * {@code children} heads, so that {@code list_add_tail(&p->sibling, &parent->children)} is an
 * operation on two nodes of one set. Nodes are numbered by the caller (task slot {@code i}'s
 * {@code children} head might be node {@code 2i}, its {@code sibling} node {@code 2i+1}).
 *
 * <p>Nothing here assumes the links are well formed: the operations do what the kernel's
 * macros do, even to a corrupted list, and {@link #wellFormed} is the property that checks them.
 * {@code list_del} leaves the kernel's poison values, which no operation may follow.
 */
public final class ListHeads {
    /** {@code LIST_POISON1} / {@code LIST_POISON2}: what {@code list_del} leaves behind. */
    public static final int POISON = -1;

    private final String name;
    private final Field[] next;
    private final Field[] prev;

    public ListHeads(Layout.Builder layout, String name, String[] nodeNames) {
        this.name = name;
        int n = nodeNames.length;
        next = new Field[n];
        prev = new Field[n];
        for (int i = 0; i < n; i++) {
            next[i] = layout.field(nodeNames[i] + ".next", POISON, n - 1);
            prev[i] = layout.field(nodeNames[i] + ".prev", POISON, n - 1);
        }
    }

    public int size() {
        return next.length;
    }

    public int next(long[] s, int node) {
        return next[node].get(s);
    }

    public int prev(long[] s, int node) {
        return prev[node].get(s);
    }

    /** {@code INIT_LIST_HEAD(node)}. */
    public void init(long[] s, int node) {
        next[node].set(s, node);
        prev[node].set(s, node);
    }

    /** {@code *to = *from} for one node: the struct copy {@code dup_task_struct} makes of every list_head. */
    public void copyNode(long[] s, int from, int to) {
        next[to].set(s, next(s, from));
        prev[to].set(s, prev(s, from));
    }

    /** {@code list_empty(head)}: {@code head->next == head}. */
    public boolean isEmpty(long[] s, int head) {
        return next(s, head) == head;
    }

    /** {@code list_add(entry, head)}: insert right after {@code head}. */
    public void add(long[] s, int entry, int head) {
        insertBetween(s, entry, head, follow(s, head, next(s, head)));
    }

    /** {@code list_add_tail(entry, head)}: insert right before {@code head}, at the end of the list. */
    public void addTail(long[] s, int entry, int head) {
        insertBetween(s, entry, follow(s, head, prev(s, head)), head);
    }

    /** {@code list_del(entry)}: unlink, and poison the entry's own links. */
    public void del(long[] s, int entry) {
        unlink(s, entry);
        next[entry].set(s, POISON);
        prev[entry].set(s, POISON);
    }

    /** {@code list_del_init(entry)}: unlink, and leave the entry an empty list of its own. */
    public void delInit(long[] s, int entry) {
        unlink(s, entry);
        init(s, entry);
    }

    /** {@code __list_add(new, prev, next)}. */
    private void insertBetween(long[] s, int entry, int before, int after) {
        prev[after].set(s, entry);
        next[entry].set(s, after);
        prev[entry].set(s, before);
        next[before].set(s, entry);
    }

    /** {@code __list_del(entry->prev, entry->next)}. */
    private void unlink(long[] s, int entry) {
        int before = follow(s, entry, prev(s, entry));
        int after = follow(s, entry, next(s, entry));
        prev[after].set(s, before);
        next[before].set(s, after);
    }

    /** A poisoned link is an oops in the kernel; in the model it is a bug in the spec. */
    private int follow(long[] s, int from, int to) {
        if (to == POISON) {
            throw new IllegalStateException(name + ": node " + from + " follows a poisoned link (list_del'd entry)");
        }
        return to;
    }

    /**
     * Whether the list through {@code head} is well formed: following {@code next} returns to
     * {@code head} without meeting a poisoned link or any node twice, and every node's
     * {@code next->prev} is the node itself.
     */
    public boolean wellFormed(long[] s, int head) {
        int node = head;
        for (int steps = 0; steps <= next.length; steps++) {
            int n = next(s, node);
            if (n == POISON || prev(s, n) != node) {
                return false;
            }
            if (n == head) {
                return true;
            }
            node = n;
        }
        return false;
    }

    /** Whether {@code entry} is on the list through {@code head}; only meaningful on a well-formed list. */
    public boolean contains(long[] s, int head, int entry) {
        int node = next(s, head);
        for (int steps = 0; steps < next.length && node != head && node != POISON; steps++) {
            if (node == entry) {
                return true;
            }
            node = next(s, node);
        }
        return false;
    }

    /** The raw link field, for tests that build corrupted lists. */
    Field linkFieldForTest(int node, boolean nextLink) {
        return nextLink ? next[node] : prev[node];
    }

    /** The number of entries on the list through {@code head}; only meaningful on a well-formed list. */
    public int length(long[] s, int head) {
        int count = 0;
        for (int node = next(s, head); node != head && node != POISON && count < next.length; node = next(s, node)) {
            count++;
        }
        return count;
    }
}
