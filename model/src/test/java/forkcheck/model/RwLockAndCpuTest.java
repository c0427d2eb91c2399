package forkcheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RwLockAndCpuTest {
    @Test
    void readersShareWritersExclude() {
        Layout.Builder b = Layout.builder();
        RwLock lock = new RwLock(b, "tasklist_lock", 3);
        long[] s = b.build().newState();
        lock.init(s);
        assertTrue(lock.canRead(s) && lock.canWrite(s));
        lock.readLock(s, 0);
        lock.readLock(s, 2);
        assertEquals(2, lock.readers(s));
        assertTrue(lock.canRead(s));
        assertFalse(lock.canWrite(s), "write_lock waits for readers");
        assertThrows(IllegalStateException.class, () -> lock.writeLock(s, 1));
        lock.readUnlock(s, 0);
        lock.readUnlock(s, 2);
        lock.writeLock(s, 1);
        assertTrue(lock.writeHeldBy(s, 1));
        assertFalse(lock.canRead(s), "read_lock waits for the writer");
        assertThrows(IllegalStateException.class, () -> lock.readLock(s, 0));
        assertThrows(IllegalStateException.class, () -> lock.writeUnlock(s, 0), "only the writer unlocks");
        lock.writeUnlock(s, 1);
        assertTrue(lock.canWrite(s));
        assertThrows(IllegalStateException.class, () -> lock.readUnlock(s, 2), "read_unlock without the lock");
    }

    @Test
    void irqFlagAndPreemptCount() {
        Layout.Builder b = Layout.builder();
        Cpu cpu = new Cpu(b, 1, 3);
        long[] s = b.build().newState();
        cpu.init(s);
        assertTrue(cpu.maySleep(s));
        cpu.localIrqDisable(s);
        assertFalse(cpu.maySleep(s));
        cpu.localIrqEnable(s);
        cpu.preemptDisable(s);
        cpu.preemptDisable(s);
        assertEquals(2, cpu.preemptCount(s));
        assertFalse(cpu.maySleep(s));
        cpu.preemptEnable(s);
        cpu.preemptEnable(s);
        assertTrue(cpu.maySleep(s));
        assertThrows(IllegalStateException.class, () -> cpu.preemptEnable(s), "preempt_enable below zero");
    }
}
