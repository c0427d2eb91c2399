package forkcheck.checker.z3.prove.fork;

import forkcheck.checker.z3.StateVars;
import forkcheck.model.Field;
import forkcheck.spec.fork.ForkLabel;
import forkcheck.spec.fork.ForkSpec;
import forkcheck.spec.pid.PidLabel;

/**
 * The row of an action from a concrete state, as {@code ForkSpec.run} chooses it: what
 * {@code describe} names, but {@code BEGIN} for a task between calls, whose description is the
 * first step of what it begins. The variables it reads are looked up once.
 */
final class RowOf {
    private final ForkSpec spec;
    private final Field[] cpuPc;
    private final Field[] curr;
    private final Field[] taskPc;

    RowOf(ForkSpec spec) {
        this.spec = spec;
        StateVars vars = new StateVars(spec);
        int cpus = spec.scenario().cpus();
        cpuPc = new Field[cpus];
        curr = new Field[cpus];
        for (int c = 0; c < cpus; c++) {
            cpuPc[c] = vars.field("cpu" + c + ".pc");
            curr[c] = vars.field("rq" + c + ".curr");
        }
        taskPc = new Field[spec.scenario().slots()];
        for (int p = 0; p < taskPc.length; p++) {
            taskPc[p] = vars.field("task" + p + ".pc");
        }
    }

    Row of(long[] s, int a) {
        int cpu = a >> 1;
        if (spec.describe(s, a).label().equals("SCHEDULE")) {
            return new Row.Schedule();
        }
        PidLabel pl = PidLabel.of(cpuPc[cpu].get(s));
        if (pl != PidLabel.IDLE && pl != PidLabel.RET) {
            return new Row.Pid(pl);
        }
        return new Row.Fork(ForkLabel.of(taskPc[curr[cpu].get(s)].get(s)));
    }
}
