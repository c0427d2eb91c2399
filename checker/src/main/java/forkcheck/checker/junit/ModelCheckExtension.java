package forkcheck.checker.junit;

import forkcheck.checker.SpecLoader;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Result;
import forkcheck.checker.engine.Verdict;
import forkcheck.checker.trace.Trace;
import forkcheck.checker.trace.TracePrinter;
import forkcheck.spec.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs the check a {@link ModelCheck} names. The run happens once per test, on first need:
 * resolving a {@link Result} parameter comes before the method is intercepted, and both must
 * see the same run.
 */
public final class ModelCheckExtension implements ParameterResolver, InvocationInterceptor {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ModelCheckExtension.class);

    /** What a test needs of a run: the result, and the spec to rebuild traces from its paths. */
    private record Run(SpecLoader loaded, Result result) {}

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Result.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return run(c).result();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext c) throws Throwable {
        Run run = run(c);
        String failure = failure(annotation(c), run);
        if (failure != null) {
            invocation.skip();
            throw new AssertionError(failure);
        }
        invocation.proceed();
    }

    private static Run run(ExtensionContext c) {
        return c.getStore(NS).getOrComputeIfAbsent(c.getUniqueId(), k -> check(c, annotation(c)), Run.class);
    }

    private static ModelCheck annotation(ExtensionContext c) {
        Method m = c.getRequiredTestMethod();
        ModelCheck a = m.getAnnotation(ModelCheck.class);
        if (a == null) {
            throw new ExtensionConfigurationException(m + ": ModelCheckExtension needs @ModelCheck on the test method");
        }
        return a;
    }

    private static Run check(ExtensionContext c, ModelCheck a) {
        try {
            SpecLoader loaded = SpecLoader.load(a.scenario(), a.mutant());
            Options opt = Options.defaults().withWorkers(a.workers()).withMaxStates(a.maxStates())
                    .withKeepGoing(a.keepGoing());
            return new Run(loaded, Explorer.explore(loaded.spec(), opt));
        } catch (BadInputException e) {
            throw new ExtensionConfigurationException("@ModelCheck(scenario = \"" + a.scenario() + "\", mutant = \""
                    + a.mutant() + "\") on " + c.getRequiredTestMethod().getName() + ": " + e.getMessage(), e);
        }
    }

    /** Why the test fails, or null if every property holds and the run was complete. */
    private static String failure(ModelCheck a, Run run) {
        Result r = run.result();
        String what = "scenario " + a.scenario() + (a.mutant().equals("none") ? "" : " with mutant " + a.mutant());
        StringBuilder sb = new StringBuilder();
        for (Verdict v : r.verdicts()) {
            if (v.status() == Verdict.Status.VIOLATED) {
                Trace t = Trace.of(run.loaded().spec(), run.loaded().provenance(), v.property().name(), v.path());
                sb.append(what).append(": ").append(v.property().name()).append(" VIOLATED (trace of ")
                        .append(v.path().length).append(" steps): ").append(v.property().description()).append('\n')
                        .append(printed(t));
            } else if (v.status() == Verdict.Status.NEVER_REACHED) {
                sb.append(what).append(": sometimes-property ").append(v.property().name())
                        .append(" NEVER REACHED: ").append(v.property().description()).append('\n');
            }
        }
        if (sb.length() == 0 && r.stoppedBy() != null) {
            sb.append(what).append(": the ").append(r.stoppedBy()).append(" bound").append(r.stoppedBy().equals("states")
                    ? " (maxStates = " + a.maxStates() + ")" : "").append(" ended the run after ")
                    .append(r.stats().distinct()).append(" distinct states, before every reachable state was explored;"
                            + " raise it, or set it to 0 for none");
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String printed(Trace t) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TracePrinter.print(t, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }
}
