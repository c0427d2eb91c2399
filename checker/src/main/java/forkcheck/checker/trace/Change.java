package forkcheck.checker.trace;

/** One variable a step changed, as a person reads it. */
public record Change(String var, String before, String after) {}
