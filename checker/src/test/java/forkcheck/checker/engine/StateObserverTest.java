package forkcheck.checker.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.spec.BadInputException;
import forkcheck.spec.pid.PidSpec;
import forkcheck.spec.scenario.Scenarios;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StateObserverTest {
    @Test
    void seesEachDistinctStateOnceWithAnyNumberOfWorkers() {
        PidSpec spec = new PidSpec(Scenarios.builtin("pidrace-2x2"));
        for (int workers : new int[] {1, 2}) {
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            AtomicLong calls = new AtomicLong();
            Result r = Explorer.explore(spec, Options.defaults().withWorkers(workers).withObserver((s, fp) -> {
                calls.incrementAndGet();
                assertEquals(Fingerprint.of(s), fp);
                seen.add(fp);
            }, 1));
            assertEquals(r.stats().distinct(), calls.get(), workers + " workers");
            assertEquals(r.stats().distinct(), seen.size(), workers + " workers");
        }
    }

    @Test
    void everyKth() {
        PidSpec spec = new PidSpec(Scenarios.builtin("pidrace-2x2"));
        AtomicLong calls = new AtomicLong();
        Result r = Explorer.explore(spec, Options.defaults().withWorkers(2).withObserver((s, fp) -> calls.incrementAndGet(), 10));
        assertEquals((r.stats().distinct() + 9) / 10, calls.get());
    }

    @Test
    void anObserversExceptionEndsTheRunAsItself() {
        PidSpec spec = new PidSpec(Scenarios.builtin("pidrace-2x2"));
        for (int workers : new int[] {1, 2}) {
            AtomicLong calls = new AtomicLong();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Explorer.explore(spec,
                    Options.defaults().withWorkers(workers).withObserver((s, fp) -> {
                        if (calls.incrementAndGet() == 100) {
                            throw new IllegalArgumentException("stop here");
                        }
                    }, 1)));
            assertTrue(e.getMessage().contains("stop here"));
        }
    }

    @Test
    void observeEveryMustBePositive() {
        PidSpec spec = new PidSpec(Scenarios.builtin("free-race"));
        assertThrows(BadInputException.class, () -> Explorer.explore(spec, Options.defaults().withObserver((s, fp) -> {}, 0)));
    }
}
