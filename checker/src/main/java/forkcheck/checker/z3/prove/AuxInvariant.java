package forkcheck.checker.z3.prove;

import com.microsoft.z3.BoolExpr;

/**
 * A claim about every reachable state that the spec's own invariants need to be inductive: it
 * rules out states of the layout that no run reaches but that break an invariant in one step.
 * Each is checked on every reachable state (a test) and proved inductive like the others.
 */
public record AuxInvariant(String name, String description, BoolExpr formula) {}
