package forkcheck.model;

/** A named location in the state vector, shown to a person in traces. */
public interface Var {
    String name();

    /** The value in {@code state}, as a person reads it ({@code 5}, {@code {0,1,5}}, {@code TEST_AND_SET_BIT}). */
    String show(long[] state);
}
