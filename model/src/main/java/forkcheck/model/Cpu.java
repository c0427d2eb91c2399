package forkcheck.model;

/**
 * A CPU's own state as the kernel sees it: whether local interrupts are enabled, and the
 * preemption count ({@code thread_info->preempt_count} of the task it runs).
 *
 * <p>{@code local_irq_disable} and {@code preempt_disable} do not nest the same way: interrupts
 * are a flag ({@code local_irq_save} saves it), preemption a counter. Calls that would take the
 * count below zero are bugs in the spec, not states of the machine, and throw.
 */
public final class Cpu {
    private final int id;
    private final Field irqsEnabled;
    private final Field preemptCount;

    public Cpu(Layout.Builder layout, int id, int maxPreemptDepth) {
        this.id = id;
        this.irqsEnabled = layout.flag("cpu" + id + ".irqs_enabled");
        this.preemptCount = layout.field("cpu" + id + ".preempt_count", 0, maxPreemptDepth);
    }

    public int id() {
        return id;
    }

    public void init(long[] s) {
        irqsEnabled.set(s, true);
        preemptCount.set(s, 0);
    }

    public boolean irqsEnabled(long[] s) {
        return irqsEnabled.isSet(s);
    }

    /** {@code local_irq_disable()}. */
    public void localIrqDisable(long[] s) {
        irqsEnabled.set(s, false);
    }

    /** {@code local_irq_enable()}. */
    public void localIrqEnable(long[] s) {
        irqsEnabled.set(s, true);
    }

    public int preemptCount(long[] s) {
        return preemptCount.get(s);
    }

    /** {@code preempt_disable()}. */
    public void preemptDisable(long[] s) {
        preemptCount.set(s, preemptCount.get(s) + 1);
    }

    /** {@code preempt_enable()}. */
    public void preemptEnable(long[] s) {
        int c = preemptCount.get(s);
        if (c == 0) {
            throw new IllegalStateException("cpu" + id + ": preempt_enable with preempt_count 0");
        }
        preemptCount.set(s, c - 1);
    }

    /** Whether the CPU may sleep (schedule) here: preemption and interrupts both enabled. */
    public boolean maySleep(long[] s) {
        return preemptCount(s) == 0 && irqsEnabled(s);
    }
}
