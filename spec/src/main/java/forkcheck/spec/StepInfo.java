package forkcheck.spec;

/**
 * What one step does, for a person: the CPU, the kernel function, the label (the seed's step or
 * the kernel line's name), the kernel code it executes, and whether an injected fault was taken.
 */
public record StepInfo(int cpu, String function, String label, String code, boolean fault) {}
