package forkcheck.checker.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that model-checks a scenario: it fails with the shortest trace if a property is
 * violated or a sometimes-property is never reached, and fails if a bound ends the run first.
 * The method's body runs only after the check passed; a parameter of type
 * {@link forkcheck.checker.engine.Result} receives the run's result.
 *
 * <pre>
 * &#64;ModelCheck(scenario = "pidrace-2x2")
 * void pidAllocatorIsSafe(Result r) {
 *     assertTrue(r.stats().distinct() &gt; 1000);
 * }
 * </pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(ModelCheckExtension.class)
public @interface ModelCheck {
    /** A built-in scenario's name or a scenario file's path, as {@code forkcheck check} takes. */
    String scenario();

    /** A seeded fault to check the spec with, or {@code none}. */
    String mutant() default "none";

    int workers() default 1;

    /** Fail once this many distinct states are found without exhausting the state space (0: no bound). */
    long maxStates() default 0;

    /** After a violation, go on to find the shortest trace of every other property. */
    boolean keepGoing() default false;
}
