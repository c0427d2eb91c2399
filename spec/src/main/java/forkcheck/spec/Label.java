package forkcheck.spec;

/**
 * A program-counter value of a model, for reports: the kernel function, the label's name (the
 * seed's step, as {@code COPY_PROCESS_9}, or the kernel line's name), where the kernel has it, the
 * shared variables its code reads, and the code.
 */
public record Label(String function, String name, String line, String reads, String code) {}
