package forkcheck.checker.z3;

import com.microsoft.z3.BoolExpr;
import java.util.function.Function;

/**
 * A claim about one sequential call of alloc_pidmap, over every pidmap and last_pid that
 * {@link SymbolicAlloc#pre()} allows.
 *
 * @param expectRefuted the kernel is known not to satisfy it (README finding 2)
 * @param breaker a faulty variant that must refute it, to show the encoding can fail
 */
record Theorem(String id, String claim, boolean expectRefuted, AllocVariant breaker,
        Function<SymbolicAlloc, BoolExpr> formula) {}
