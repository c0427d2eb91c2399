package forkcheck.model;

/**
 * A {@code spinlock_t}: free, or held by one CPU.
 *
 * <p>A CPU spinning in {@code spin_lock} makes no progress that the state could show, so the
 * model has no spinning step: {@code spin_lock} is enabled only when the lock is free.
 */
public final class SpinLock {
    private static final int FREE = -1;
    private final Field owner;

    public SpinLock(Layout.Builder layout, String name, int cpus) {
        this.owner = layout.field(name + ".owner", FREE, cpus - 1);
    }

    public boolean isLocked(long[] s) {
        return owner.get(s) != FREE;
    }

    public int owner(long[] s) {
        return owner.get(s);
    }

    public void init(long[] s) {
        owner.set(s, FREE);
    }

    /** {@code spin_lock}: only called when {@link #isLocked} is false. */
    public void lock(long[] s, int cpu) {
        if (isLocked(s)) {
            throw new IllegalStateException(owner.name() + " taken by CPU " + cpu + " while held by CPU " + owner(s));
        }
        owner.set(s, cpu);
    }

    public void unlock(long[] s) {
        owner.set(s, FREE);
    }
}
