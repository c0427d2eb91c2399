package forkcheck.checker.z3;

import com.microsoft.z3.BoolExpr;
import forkcheck.spec.Property;
import java.util.List;
import java.util.Map;

/**
 * A model's invariants as SMT formulas over the Z3 constants of one state, and how a concrete
 * state pins those constants: what {@link Certifier} needs of a model. {@link Encodings} picks one by model.
 */
public interface Encoding {
    /** Each encoded invariant by property name, in the spec's order. */
    Map<String, BoolExpr> invariants();

    /** The Java properties the formulas stand for, in the same order: what the certifier compares them with. */
    List<Property> properties();

    /** The constraints that pin every constant the formulas read to its value in {@code s}. */
    BoolExpr assign(long[] s);

    /**
     * Facts asserted once, before any state: the definitions of functions the formulas use to read
     * a variable through a pointer. None by default.
     */
    default List<BoolExpr> definitions() {
        return List.of();
    }

    /** The SMT logic of the formulas, for the solver. */
    default String logic() {
        return "QF_LIA";
    }
}
