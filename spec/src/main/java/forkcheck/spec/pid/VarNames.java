package forkcheck.spec.pid;

/**
 * The generic name of a state variable, as {@link forkcheck.spec.Property#reads()} and the
 * review report use them: {@code cpu1.pc} is {@code cpu.pc}, {@code cpu0.r2} is
 * {@code cpu.rK}, {@code pidmap_array[1].bits} is {@code pidmap_array[].bits}.
 */
public final class VarNames {
    private VarNames() {}

    public static String generic(String var) {
        return var.replaceAll("^cpu\\d+\\.", "cpu.").replaceAll("\\[\\d+\\]", "[]").replaceAll("^cpu\\.r\\d+$", "cpu.rK");
    }
}
