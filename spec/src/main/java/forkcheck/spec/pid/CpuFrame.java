package forkcheck.spec.pid;

import forkcheck.model.Bitmap;
import forkcheck.model.Field;
import forkcheck.model.Layout;
import forkcheck.spec.scenario.Op;
import java.util.List;

/**
 * One CPU: its program, how far it has got, and the frame of the call it is in.
 *
 * <p>The frame holds {@code alloc_pidmap}'s locals as the kernel names them, plus ghost variables
 * that only the properties read ({@code wrapped}, {@code raced}, {@code pageFault}, and
 * {@code free}, the pids that have stayed free since the call began). A new call clears the frame,
 * so a dead local never tells two otherwise equal states apart.
 */
final class CpuFrame {
    final int cpu;
    final List<Op> program;

    /** How many ops of the program have begun. */
    final Field op;
    final Field pc;

    final Field last;
    final Field pid;
    final Field offset;
    final Field map;
    final Field maxScan;
    final Field i;
    /** The local {@code page}: whether {@code get_zeroed_page} returned a page. */
    final Field page;

    final Field wrapped;
    final Field raced;
    final Field pageFault;
    final Bitmap free;

    /** What each {@code alloc} of the program returned, by the alloc's ordinal. */
    final Field[] results;
    private final int[] allocOrdinal;
    /** For a {@code free rK} at op k, the alloc ordinal K-1; otherwise -1. */
    private final int[] freesResult;

    private final Field[] locals;

    CpuFrame(Layout.Builder layout, int cpu, List<Op> program, Pidmap pm) {
        this(layout, cpu, program, pm, true);
    }

    /** @param freeGhost whether to lay out the {@code free} ghost, which only alloc-fails-only-when-full reads */
    CpuFrame(Layout.Builder layout, int cpu, List<Op> program, Pidmap pm, boolean freeGhost) {
        this.cpu = cpu;
        this.program = program;
        String c = "cpu" + cpu + ".";
        op = layout.field(c + "op", 0, program.size());
        pc = layout.labels(c + "pc", PidLabel.class);
        last = layout.field(c + "last", 0, pm.pidMax - 1);
        pid = layout.field(c + "pid", -1, pm.entries * pm.bitsPerPage + pm.bitsPerPage);
        offset = layout.field(c + "offset", 0, pm.bitsPerPage);
        map = layout.field(c + "map", 0, pm.entries - 1);
        maxScan = layout.field(c + "max_scan", 0, pm.entries);
        i = layout.field(c + "i", 0, pm.entries + 1);
        page = layout.flag(c + "page");
        wrapped = layout.flag(c + "wrapped");
        raced = layout.flag(c + "raced");
        pageFault = layout.flag(c + "page_fault");
        free = layout.bitmap(c + "free", freeGhost ? pm.pidMax : 1);
        locals = new Field[] {last, pid, offset, map, maxScan, i, page, wrapped, raced, pageFault};

        allocOrdinal = new int[program.size()];
        freesResult = new int[program.size()];
        int allocs = 0;
        for (int k = 0; k < program.size(); k++) {
            allocOrdinal[k] = program.get(k) instanceof Op.Alloc ? allocs++ : -1;
            freesResult[k] = program.get(k) instanceof Op.FreeResult f ? f.alloc() : -1;
        }
        results = new Field[allocs];
        for (int k = 0; k < allocs; k++) {
            results[k] = layout.field(c + "r" + (k + 1), -1, pm.pidMax - 1);
        }
    }

    PidLabel pc(long[] s) {
        return PidLabel.of(pc.get(s));
    }

    void setPc(long[] s, PidLabel label) {
        pc.set(s, label.ordinal());
    }

    boolean betweenCalls(long[] s) {
        int p = pc.get(s);
        return p == PidLabel.IDLE.ordinal() || p == PidLabel.RET.ordinal();
    }

    /** The op now running, or that last ran; -1 before the first. */
    int current(long[] s) {
        return op.get(s) - 1;
    }

    boolean inAlloc(long[] s) {
        int k = current(s);
        return k >= 0 && allocOrdinal[k] >= 0;
    }

    /** Whether this CPU is inside {@code alloc_pidmap}, not yet returned. */
    boolean allocating(long[] s) {
        return pc(s).inAllocPidmap();
    }

    /** Whether the op at {@code k} is a {@code free} with nothing to free: its alloc returned -1. */
    boolean isVoidFree(long[] s, int k) {
        int alloc = freesResult[k];
        return alloc >= 0 && results[alloc].get(s) == -1;
    }

    /** The next op to begin from state {@code s}, skipping frees of failed allocs; program size if none. */
    int next(long[] s) {
        int k = op.get(s);
        while (k < program.size() && isVoidFree(s, k)) {
            k++;
        }
        return k;
    }

    boolean finished(long[] s) {
        return betweenCalls(s) && next(s) == program.size();
    }

    /**
     * Keeps what alloc_pidmap returned for the program's {@code free rK}. A frame without a
     * program (another spec's, through PidAllocator) keeps only {@code pid}.
     */
    void recordResult(long[] s, int pid) {
        if (!program.isEmpty()) {
            results[allocOrdinal[current(s)]].set(s, pid);
        }
    }

    /** At return: the search's locals are dead; the result and the ghosts stay. */
    void clearDeadLocals(long[] s) {
        offset.set(s, 0);
        map.set(s, 0);
        maxScan.set(s, 0);
        i.set(s, 0);
        page.set(s, 0);
    }

    void clearFrame(long[] s) {
        for (Field f : locals) {
            f.set(s, 0);
        }
        free.clearAll(s);
    }
}
