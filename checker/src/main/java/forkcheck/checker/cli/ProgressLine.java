package forkcheck.checker.cli;

import forkcheck.checker.engine.Stats;
import java.io.Console;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Progress reports: on a terminal one line rewritten in place, elsewhere (a CI log, a file) one
 * line per report, since a carriage return there leaves a single unreadable line.
 */
final class ProgressLine implements Consumer<Stats> {
    private final PrintWriter out;
    private final boolean terminal;
    private int shown;

    ProgressLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Rewrites in place when the process has a terminal. A caller that captures the output (a
     * test) runs without one: Surefire's forked JVM has pipes for stdin and stdout.
     */
    static ProgressLine to(PrintWriter out) {
        return new ProgressLine(out, stdoutIsTerminal());
    }

    @Override
    public synchronized void accept(Stats s) {
        String text = "  progress: " + CheckCommand.line(s);
        if (!terminal) {
            out.println(text);
            out.flush();
            return;
        }
        // pad over the rest of a longer line shown before
        out.print("\r" + text + " ".repeat(Math.max(0, shown - text.length())));
        out.flush();
        shown = text.length();
    }

    /** Ends the line being rewritten, so that what follows starts on a line of its own. */
    synchronized void end() {
        if (terminal && shown > 0) {
            out.println();
            out.flush();
            shown = 0;
        }
    }

    /**
     * From JDK 22 {@link System#console()} is not null when output is redirected, and
     * {@code Console.isTerminal()} tells; before it, a console means a terminal.
     */
    static boolean stdoutIsTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
