package forkcheck.model;

/** An {@code atomic_t}: each operation is indivisible, so each is one step of the CPU doing it. */
public final class AtomicCounter {
    private final Field value;

    public AtomicCounter(Layout.Builder layout, String name, int min, int max) {
        this.value = layout.field(name, min, max);
    }

    public int read(long[] s) {
        return value.get(s);
    }

    public void set(long[] s, int v) {
        value.set(s, v);
    }

    public void inc(long[] s) {
        value.set(s, value.get(s) + 1);
    }

    public void dec(long[] s) {
        value.set(s, value.get(s) - 1);
    }
}
