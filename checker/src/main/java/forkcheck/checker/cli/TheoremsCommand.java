package forkcheck.checker.cli;

import forkcheck.checker.z3.AllocTheorems;
import forkcheck.checker.z3.AllocVariant;
import forkcheck.checker.z3.Bounds;
import forkcheck.checker.z3.Concrete;
import forkcheck.checker.z3.PidmapEncoding;
import forkcheck.spec.BadInputException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "theorems", mixinStandardHelpOptions = true,
        description = "Prove or refute, with Z3, theorems about one sequential alloc_pidmap over every pidmap"
                + " and last_pid.",
        footerHeading = "%nExamples:%n",
        footer = {"  forkcheck theorems                   # small bounds",
            "  forkcheck theorems --bounds real      # pid_max 32768, BITS_PER_PAGE 32768, RESERVED_PIDS 300",
            "  forkcheck theorems --bounds real --encoding pages   # the bits as one bit-vector per page (slow)",
            "  forkcheck theorems --variant wrap-to-zero   # a faulty alloc_pidmap: theorems must fail"})
final class TheoremsCommand implements Callable<Integer> {
    /** Small bounds: one page, two pages with a short last page, several pages. */
    static final List<Bounds> SMALL = List.of(new Bounds(8, 8, 2), new Bounds(12, 8, 2), new Bounds(16, 8, 3),
            new Bounds(40, 16, 5), new Bounds(100, 32, 10), new Bounds(256, 64, 30));

    @Option(names = "--bounds", paramLabel = "small|real", defaultValue = "small",
            description = "small: pid_max up to 256 on one to six pages; real: the kernel's; or PID_MAX,BITS_PER_PAGE,RESERVED_PIDS"
                    + " (default: ${DEFAULT-VALUE}).")
    String bounds;

    @Option(names = "--variant", paramLabel = "NAME", defaultValue = "kernel",
            description = "Which alloc_pidmap: kernel, wrap-to-zero, drop-atomic-dec, no-rescan, extra-pass.")
    String variant;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s",
            description = "Z3's time limit per theorem and bounds (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--theorem", paramLabel = "ID", description = "Only this theorem (repeatable).")
    List<String> only;

    @Option(names = "--encoding", paramLabel = "auto|pages|words", defaultValue = "auto",
            description = "How the pidmap's bits are encoded: pages, a bit-vector of BITS_PER_PAGE bits per page;"
                    + " words, an array of 32-bit words; auto, pages below 1024 bits per page and words from"
                    + " there on (default: ${DEFAULT-VALUE}).")
    String encoding;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        List<Bounds> bs = switch (bounds) {
            case "small" -> SMALL;
            case "real" -> List.of(Bounds.REAL);
            default -> List.of(custom(bounds));
        };
        AllocVariant v = variant(variant);
        encoding(encoding, bs.get(0));
        List<String> ids = only == null ? AllocTheorems.ids() : only;
        for (String id : ids) {
            if (!AllocTheorems.ids().contains(id)) {
                throw new BadInputException("unknown theorem '" + id + "' (known: " + String.join(", ", AllocTheorems.ids()) + ")");
            }
        }
        PrintWriter o = cmd.commandLine().getOut();
        o.printf("forkcheck theorems: alloc_pidmap (%s), one sequential call over every pidmap and last_pid%n",
                v.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        o.printf("  the pidmap's bits as %s%n", switch (encoding) {
            case "pages" -> "a bit-vector per page";
            case "words" -> "an array of " + PidmapEncoding.BITS_PER_LONG + "-bit words (of the page's width if it is shorter)";
            default -> "a bit-vector per page below 1024 bits per page, an array of " + PidmapEncoding.BITS_PER_LONG
                    + "-bit words from there on";
        });
        boolean allExpected = true;
        List<AllocTheorems.Outcome> shown = new ArrayList<>();
        for (String id : ids) {
            for (Bounds b : bs) {
                AllocTheorems.Outcome r = AllocTheorems.check(id, b, v, encoding(encoding, b),
                        (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                String verdict = r.proved() ? "PROVED" : r.refuted() ? "REFUTED" : "UNKNOWN (" + r.reason() + ")";
                String note = r.asExpected() || v != AllocVariant.KERNEL ? "" : "   <-- not as expected";
                o.printf("  %-34s %-50s %-9s %7.2fs%s%n", id, b, verdict, r.seconds(), note);
                if (v == AllocVariant.KERNEL) {
                    allExpected &= r.asExpected();
                }
                if (r.refuted() && shown.stream().noneMatch(x -> x.theorem().equals(id))) {
                    shown.add(r);
                }
            }
        }
        for (AllocTheorems.Outcome r : shown) {
            o.println();
            o.println(r.theorem() + ": " + r.claim());
            o.println("  refuted at " + r.bounds() + " by:");
            o.println("    last_pid = " + r.counterexample().lastPid());
            o.println("    free pids in the search range: " + free(r));
            o.println("    alloc_pidmap returns " + r.counterexample().result());
        }
        if (v == AllocVariant.KERNEL) {
            o.println();
            o.println(allExpected ? "Every theorem came out as expected (c and d2 are refuted: README finding 2)."
                    : "Some theorem did NOT come out as expected.");
            return allExpected ? Main.OK : Main.FAILED;
        }
        return Main.OK;
    }

    /** The free pids of the search range, then how many below it; the range matters, and is short in a counterexample. */
    private static String free(AllocTheorems.Outcome r) {
        Bounds b = r.bounds();
        int last = r.counterexample().lastPid();
        boolean[] taken = new boolean[b.pidMax()];
        r.counterexample().taken().forEach(p -> taken[p] = true);
        List<String> in = new ArrayList<>();
        int out = 0;
        for (int p = 0; p < taken.length; p++) {
            if (!taken[p]) {
                if (p >= b.reservedPids() || p > last) {
                    in.add(Integer.toString(p));
                } else {
                    out++;
                }
            }
        }
        String shown = in.size() > 40 ? in.size() + " pids, first " + String.join(",", in.subList(0, 40)) + ",..."
                : "{" + String.join(",", in) + "}";
        return shown + " (and " + out + " free pid(s) outside it, below RESERVED_PIDS and last_pid)";
    }

    private static Bounds custom(String text) {
        String[] p = text.split(",");
        if (p.length != 3) {
            throw new BadInputException("--bounds must be small, real or PID_MAX,BITS_PER_PAGE,RESERVED_PIDS, got '" + text + "'");
        }
        try {
            return new Bounds(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()));
        } catch (NumberFormatException e) {
            throw new BadInputException("--bounds: not a number in '" + text + "'");
        }
    }

    static PidmapEncoding encoding(String name, Bounds b) {
        return switch (name) {
            case "auto" -> PidmapEncoding.auto(b);
            case "pages" -> PidmapEncoding.PAGES;
            case "words" -> PidmapEncoding.words(b);
            default -> throw new BadInputException("unknown encoding '" + name + "' (known: auto, pages, words)");
        };
    }

    static AllocVariant variant(String name) {
        for (AllocVariant a : AllocVariant.values()) {
            if (a.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(name)) {
                return a;
            }
        }
        throw new BadInputException("unknown variant '" + name + "' (known: kernel, wrap-to-zero, drop-atomic-dec,"
                + " no-rescan, extra-pass)");
    }
}
