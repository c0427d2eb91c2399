package forkcheck.checker.trace;

import java.io.PrintStream;

/** Prints a trace for a person: numbered steps, each with its CPU, function, label and changes, as TLC numbers states. */
public final class TracePrinter {
    private TracePrinter() {}

    public static void print(Trace t, PrintStream out) {
        out.println("  State 0: initial (scenario " + t.scenario() + (t.mutant().equals("none") ? "" : ", mutant "
                + t.mutant()) + ")");
        for (Change c : t.initial()) {
            if (!isDefault(c.after())) {
                out.println("      " + c.var() + " = " + c.after());
            }
        }
        for (TraceStep s : t.steps()) {
            var i = s.info();
            out.printf("  Step %d: cpu%d %s %s%s%n", s.index(), i.cpu(), i.function(), i.label(),
                    i.fault() ? "  [fault injected]" : "");
            out.println("      " + i.code());
            for (Change c : s.changes()) {
                out.println("      " + c.var() + ": " + c.before() + " -> " + c.after());
            }
        }
    }

    private static boolean isDefault(String v) {
        return v.equals("0") || v.equals("{}") || v.equals("IDLE") || v.equals("-1");
    }
}
