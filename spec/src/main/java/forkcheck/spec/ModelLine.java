package forkcheck.spec;

import forkcheck.spec.scenario.ScenarioException;

/**
 * A scenario's {@code model NAME} line: the first line, comments ({@code #}) aside, whose key is
 * {@code model}. Read before the scenario is parsed, since the model decides how to parse it.
 *
 * @param line 1-based, or 0 when the scenario has no such line and names {@link Models#DEFAULT}
 */
public record ModelLine(String name, int line) {

    public static ModelLine of(String source, String text) {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String[] words = uncommented(lines[n]).split("\\s+");
            if (words[0].equals("model")) {
                if (words.length != 2) {
                    throw new ScenarioException(source, n + 1, "model", "expected one model name, as in 'model "
                            + Models.DEFAULT + "'");
                }
                return new ModelLine(words[1], n + 1);
            }
        }
        return new ModelLine(Models.DEFAULT, 0);
    }

    private static String uncommented(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }
}
