package forkcheck.checker.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations ({@code 90s}, {@code 5m}, {@code 2h}, {@code 500ms}; a bare number is seconds) and sizes ({@code 512m}, {@code 4g}). */
final class Units {
    private Units() {}

    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return positive(text, Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))));
            }
            char unit = t.charAt(t.length() - 1);
            String n = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
            long v = Long.parseLong(n);
            return positive(text, switch (unit) {
                case 's' -> Duration.ofSeconds(v);
                case 'm' -> Duration.ofMinutes(v);
                case 'h' -> Duration.ofHours(v);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new NumberFormatException();
                    }
                    yield Duration.ofSeconds(v);
                }
            });
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new forkcheck.spec.BadInputException("'" + text + "' is not a duration (e.g. 90s, 5m, 2h, 500ms)");
        }
    }

    private static Duration positive(String text, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new forkcheck.spec.BadInputException("'" + text + "' is not a positive duration");
        }
        return d;
    }

    static long bytes(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            char unit = t.charAt(t.length() - 1);
            long mult = switch (unit) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                default -> 1;
            };
            long v = Long.parseLong(mult == 1 ? t : t.substring(0, t.length() - 1)) * mult;
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new forkcheck.spec.BadInputException("'" + text + "' is not a size (e.g. 512m, 4g)");
        }
    }
}
