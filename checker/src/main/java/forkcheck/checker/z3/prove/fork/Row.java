package forkcheck.checker.z3.prove.fork;

import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.pid.PidLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps one obligation is about, by what a CPU's action runs: {@code schedule()}, a step of
 * the pid allocator, or the moving task's step from a label ({@code BEGIN} for {@code IDLE}: the
 * next op, or the signal {@code do_signal} takes first).
 */
public sealed interface Row {
    String name();

    record Schedule() implements Row {
        @Override
        public String name() {
            return "SCHEDULE";
        }
    }

    record Pid(PidLabel label) implements Row {
        @Override
        public String name() {
            return label.name();
        }
    }

    record Fork(ForkLabel label) implements Row {
        @Override
        public String name() {
            return label == ForkLabel.IDLE ? "BEGIN" : label.name();
        }
    }

    /** Every row: schedule(), each label within alloc_pidmap or free_pidmap, BEGIN, each fork label a step starts from. */
    static List<Row> all() {
        List<Row> all = new ArrayList<>(List.of(new Schedule()));
        for (PidLabel l : PidLabel.values()) {
            if (l != PidLabel.IDLE && l != PidLabel.RET) {
                all.add(new Pid(l));
            }
        }
        for (ForkLabel l : ForkLabel.values()) {
            all.add(new Fork(l));
        }
        return all;
    }

    static Row byName(String name) {
        for (Row r : all()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no step " + name);
    }
}
