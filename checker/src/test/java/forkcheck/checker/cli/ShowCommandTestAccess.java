package forkcheck.checker.cli;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests in other packages build the same doctored trace as {@link ShowCommandTest}. */
public final class ShowCommandTestAccess {
    private ShowCommandTestAccess() {}

    public static Path withScenarioComment(Path dir, String comment) throws IOException {
        return ShowCommandTest.withScenarioComment(dir, comment);
    }
}
