package forkcheck.checker.z3;

import com.microsoft.z3.Context;
import forkcheck.checker.z3.fork.ForkEncoding;
import forkcheck.spec.BadInputException;
import forkcheck.spec.Spec;
import forkcheck.spec.fork.ForkModel;
import forkcheck.spec.fork.ForkSpec;
import forkcheck.spec.pid.PidModel;
import forkcheck.spec.pid.PidSpec;

/** The Z3 encoding of a spec's invariants, picked by its model. */
public final class Encodings {
    private Encodings() {}

    /** @throws BadInputException naming the model, when it has no encodings */
    public static Encoding of(Context ctx, Spec spec) {
        if (spec instanceof PidSpec pid) {
            return new InvariantEncoding(ctx, pid);
        }
        if (spec instanceof ForkSpec fork) {
            return new ForkEncoding(ctx, fork);
        }
        throw new BadInputException("--z3: scenario " + spec.scenarioName() + " is of model " + spec.model().name()
                + ", which has no Z3 encodings of its invariants (models with them: " + PidModel.NAME + ", "
                + ForkModel.INSTANCE.name() + ")");
    }
}
