package forkcheck.spec;

/**
 * A seeded fault of a model: a plausible mistake in the kernel code, which must break
 * {@code breaks} on the built-in scenario {@code scenario}.
 */
public record Mutation(String id, String description, String breaks, String scenario) {}
