package forkcheck.checker.z3.prove.fork;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import forkcheck.checker.z3.prove.Exec;

/** {@code RwLock} on a symbolic state; where the Java throws (a lock it may not take), no successor. */
final class SymRwLock {
    private static final int NONE = -1;
    private final String writer;
    private final String[] reading;

    SymRwLock(String name, int cpus) {
        writer = name + ".writer";
        reading = new String[cpus];
        for (int c = 0; c < cpus; c++) {
            reading[c] = name + ".reader" + c;
        }
    }

    BoolExpr canRead(Exec x) {
        return x.ctx().mkEq(x.get(writer), x.num(NONE));
    }

    BoolExpr canWrite(Exec x) {
        Context c = x.ctx();
        BoolExpr none = canRead(x);
        for (String r : reading) {
            none = c.mkAnd(none, c.mkNot(x.isSet(r)));
        }
        return none;
    }

    void readLock(Exec x, int cpu) {
        x.require(x.ctx().mkAnd(canRead(x), x.ctx().mkNot(x.isSet(reading[cpu]))));
        x.set(reading[cpu], 1);
    }

    void readUnlock(Exec x, int cpu) {
        x.require(x.isSet(reading[cpu]));
        x.set(reading[cpu], 0);
    }

    void writeLock(Exec x, int cpu) {
        x.require(canWrite(x));
        x.set(writer, cpu);
    }

    void writeUnlock(Exec x, int cpu) {
        x.require(writeHeldBy(x, cpu));
        x.set(writer, NONE);
    }

    BoolExpr writeHeldBy(Exec x, int cpu) {
        return x.ctx().mkEq(x.get(writer), x.num(cpu));
    }

    BoolExpr readHeldBy(Exec x, int cpu) {
        return x.isSet(reading[cpu]);
    }
}
