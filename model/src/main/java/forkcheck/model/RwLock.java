package forkcheck.model;

/**
 * An {@code rwlock_t} ({@code tasklist_lock}): any number of readers, or one writer.
 *
 * <p>As with {@link SpinLock}, a CPU spinning for the lock makes no progress the state could
 * show, so the model has no spinning step: {@code read_lock} is enabled when no CPU writes,
 * {@code write_lock} when no CPU reads or writes. Readers are counted per CPU, so that the
 * lock-discipline property can ask whether a given CPU holds it.
 */
public final class RwLock {
    private static final int NONE = -1;
    private final Field writer;
    private final Field[] reading;

    public RwLock(Layout.Builder layout, String name, int cpus) {
        writer = layout.field(name + ".writer", NONE, cpus - 1);
        reading = new Field[cpus];
        for (int c = 0; c < cpus; c++) {
            reading[c] = layout.flag(name + ".reader" + c);
        }
    }

    public void init(long[] s) {
        writer.set(s, NONE);
        for (Field r : reading) {
            r.set(s, false);
        }
    }

    public boolean canRead(long[] s) {
        return writer.get(s) == NONE;
    }

    public boolean canWrite(long[] s) {
        return writer.get(s) == NONE && readers(s) == 0;
    }

    /** {@code read_lock}: only when {@link #canRead}. */
    public void readLock(long[] s, int cpu) {
        if (!canRead(s) || reading[cpu].isSet(s)) {
            throw new IllegalStateException("read_lock by CPU " + cpu + " on " + writer.name() + " held for writing by "
                    + writer.get(s) + " or already read-held");
        }
        reading[cpu].set(s, true);
    }

    public void readUnlock(long[] s, int cpu) {
        if (!reading[cpu].isSet(s)) {
            throw new IllegalStateException("read_unlock by CPU " + cpu + " which does not hold the lock");
        }
        reading[cpu].set(s, false);
    }

    /** {@code write_lock}: only when {@link #canWrite}. */
    public void writeLock(long[] s, int cpu) {
        if (!canWrite(s)) {
            throw new IllegalStateException("write_lock by CPU " + cpu + " while the lock is held");
        }
        writer.set(s, cpu);
    }

    public void writeUnlock(long[] s, int cpu) {
        if (writer.get(s) != cpu) {
            throw new IllegalStateException("write_unlock by CPU " + cpu + " which does not hold the lock for writing");
        }
        writer.set(s, NONE);
    }

    public boolean writeHeldBy(long[] s, int cpu) {
        return writer.get(s) == cpu;
    }

    public boolean readHeldBy(long[] s, int cpu) {
        return reading[cpu].isSet(s);
    }

    public int readers(long[] s) {
        int n = 0;
        for (Field r : reading) {
            n += r.get(s);
        }
        return n;
    }
}
