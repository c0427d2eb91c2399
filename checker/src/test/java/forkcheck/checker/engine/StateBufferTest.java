package forkcheck.checker.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StateBufferTest {
    private static final int WIDTH = 3;

    @Test
    void keepsEveryStateWithItsParentAndAction() {
        StateBuffer b = new StateBuffer(WIDTH);
        int n = 70_000;
        for (int i = 0; i < n; i++) {
            b.append(new long[] {i, -i, 7}, i / 2, i % 300);
        }
        assertEquals(n, b.size());
        long[] into = new long[WIDTH];
        for (int i = 0; i < n; i += 997) {
            b.load(i, into);
            assertArrayEquals(new long[] {i, -i, 7}, into);
            assertEquals(i / 2, b.parent(i));
            assertEquals(i % 300, b.action(i));
        }
    }

    @Test
    void bytesCountWhatItsChunksTake() {
        StateBuffer b = new StateBuffer(WIDTH);
        assertEquals(0, b.bytes());
        b.append(new long[WIDTH], 0, 0);
        assertEquals(64 * (8 * WIDTH + 6), b.bytes());
        for (int i = 1; i <= 64; i++) {
            b.append(new long[WIDTH], 0, 0);
        }
        assertEquals(128 * (8 * WIDTH + 6), b.bytes());
        for (int i = 65; i <= 1 << 16; i++) {
            b.append(new long[WIDTH], 0, 0);
        }
        assertEquals(2L * (1 << 16) * (8 * WIDTH + 6), b.bytes());
    }

    /** The explorer's memory bound reads every worker's buffer while the workers append. */
    @Test
    void bytesCanBeReadWhileItsWorkerAppends() throws Exception {
        AtomicReference<StateBuffer> current = new AtomicReference<>(new StateBuffer(WIDTH));
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    current.get().bytes();
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        reader.start();
        long[] s = new long[WIDTH];
        for (int i = 0; i < 2_000_000 && failed.get() == null; i++) {
            StateBuffer b = new StateBuffer(WIDTH);
            current.set(b);
            b.append(s, 0, 0);
        }
        reader.interrupt();
        reader.join();
        assertNull(failed.get());
    }
}
