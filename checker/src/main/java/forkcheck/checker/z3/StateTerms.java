package forkcheck.checker.z3;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;

/**
 * The Z3 terms that stand for one state's variables, by the layout's names: an integer per field,
 * a Boolean per bit of a bitmap. The invariants are written over these, so that the same formula
 * reads a concrete state (the certifier pins the terms), a pre-state or a post-state (prove).
 */
public interface StateTerms {
    Expr<IntSort> field(String name);

    BoolExpr[] bitmap(String name);
}
