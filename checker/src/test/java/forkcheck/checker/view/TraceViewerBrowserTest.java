package forkcheck.checker.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.checker.SpecLoader;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.engine.Options;
import forkcheck.checker.engine.Verdict;
import forkcheck.checker.toy.ToyModel;
import forkcheck.checker.trace.Trace;
import forkcheck.checker.trace.TraceJson;
import forkcheck.checker.trace.TraceStates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer as a person sees it: headless Chromium loads the page from a file, runs its script
 * and dumps the DOM, on which these tests assert. {@code .ci/run} installs Chromium; without it
 * (a developer machine) the tests are skipped, not failed.
 */
class TraceViewerBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path FREE_RACE = Path.of("..", "counterexamples", "free-race--alloc-fails-only-when-full.json");

    @TempDir
    static Path dir;

    private static Path page;
    private static int lastStep;

    @BeforeAll
    static void render() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install -y chromium");
        Trace t = TraceJson.read(FREE_RACE);
        lastStep = t.steps().size();
        page = dir.resolve("free-race.html");
        TraceHtml.write(TraceStates.replay(FREE_RACE.toString(), t), page);
    }

    @Test
    void stepLastSelectsTheViolatingState() throws Exception {
        String dom = dumpDom(page, "#step=last");
        assertTrue(dom.contains("<body data-selected=\"" + lastStep + "\""), "last step selected");
        assertTrue(dom.contains("<div class=\"step selected\" id=\"step-" + lastStep + "\""), "its box highlighted");
        assertEquals(1, count(dom, "class=\"step selected\""), "one step selected");
        assertEquals("RET", cell(dom, "cpu0.pc"), "cpu0 has returned");
        assertEquals("-1", cell(dom, "cpu0.pid"), "and alloc_pidmap returned -1");
        assertEquals("ATOMIC_INC", cell(dom, "cpu1.pc"), "while cpu1 has yet to atomic_inc");
        assertEquals("0", cell(dom, "pidmap_array[0].nr_free"), "nr_free still 0");
        assertTrue(dom.matches("(?s).*<div id=\"property-status\" class=\"bad\"><span class=\"mono\">"
                + "alloc-fails-only-when-full</span>: VIOLATED in this state.*"), "the property flagged");
        assertTrue(dom.contains("(nr_free ≠ clear bits)"), "the window between clear_bit and atomic_inc shown");
        assertTrue(dom.contains("<span class=\"prop\">alloc-fails-only-when-full</span> violated after step "
                + lastStep), "the violation at the end of the lanes");
    }

    @Test
    void aNumberedStepShowsItsState() throws Exception {
        String dom = dumpDom(page, "#step=1");
        assertTrue(dom.contains("<body data-selected=\"1\""), "step 1 selected");
        assertTrue(dom.contains("<div id=\"property-status\" class=\"ok\">"), "the property holds there");
        assertEquals("ATOMIC_INC", cell(dom, "cpu1.pc"));
        assertTrue(dom.contains("<td class=\"v changed\" data-var=\"cpu1.pid\">5</td>"), "what step 1 changed is marked");
        assertEquals("free (unlocked)", cell(dom, "pidmap_lock.owner"));
    }

    @Test
    void arrowKeysMoveTheSelection() throws Exception {
        String dom = dumpDom(page, "#selftest");
        Matcher m = Pattern.compile("<pre id=\"selftest-result\" data-result=\"(\\w+)\">([^<]*)</pre>").matcher(dom);
        assertTrue(m.find(), "the self-test ran and wrote its result");
        assertEquals("pass", m.group(1), m.group(2));
        assertTrue(m.group(2).contains("ok   ArrowRight again: selected 2, want 2"), m.group(2));
    }

    @Test
    void scenarioTextIsShownAsTextNotMarkup() throws Exception {
        Path evil = forkcheck.checker.cli.ShowCommandTestAccess.withScenarioComment(dir,
                "# </script><img src=x onerror=\"document.title='pwned'\"><b>bold</b>");
        Path html = dir.resolve("evil.html");
        TraceHtml.write(TraceStates.replay(evil.toString(), TraceJson.read(evil)), html);
        String dom = dumpDom(html, "#step=last");
        assertTrue(dom.contains("# &lt;/script&gt;&lt;img src=x onerror=\"document.title='pwned'\"&gt;&lt;b&gt;bold"
                + "&lt;/b&gt;"), "shown literally");
        assertTrue(!dom.contains("<img") && !dom.contains("<b>bold"), "never parsed as markup");
        assertTrue(dom.contains("<body data-selected=\"" + lastStep + "\""), "and the page still works");
    }

    /** A model with no pidmap: no grid, and the CPU table, lanes and shared variables still work. */
    @Test
    void aSpecWithoutAPidmapShowsNoGrid() throws Exception {
        Path html = dir.resolve("toy.html");
        int steps;
        try (AutoCloseable plugged = ToyModel.plugIn()) {
            SpecLoader loaded = SpecLoader.load("toy-race", "none");
            Verdict v = Explorer.explore(loaded.spec(), Options.defaults().withWorkers(1)).verdicts().stream()
                    .filter(x -> x.status() == Verdict.Status.VIOLATED).findFirst().orElseThrow();
            Trace t = Trace.of(loaded.spec(), loaded.provenance(), v.property().name(), v.path());
            steps = t.steps().size();
            TraceHtml.write(TraceStates.replay("toy-race", t), html);
        }
        String dom = dumpDom(html, "#step=last");
        assertTrue(dom.contains("<div id=\"pidmap-section\" hidden=\"\">"), "the pidmap grid hidden");
        assertTrue(dom.contains("<body data-selected=\"" + steps + "\""), "the last step selected");
        assertEquals("DONE", cell(dom, "cpu0.pc"));
        assertEquals("1", cell(dom, "counter"), "one update lost");
        assertTrue(dom.contains("<span class=\"prop\">no-lost-update</span> violated after step " + steps));
        String test = dumpDom(html, "#selftest");
        assertTrue(test.contains("data-result=\"pass\""), test);
    }

    /** A fork trace: a table per family of numbered structures, with only the entries in use. */
    @Test
    void aForkTraceShowsTheTasksInUseSideBySide() throws Exception {
        Path trace = Path.of("..", "counterexamples", "fork-kill-thread--refcounts-exact.json");
        Trace t = TraceJson.read(trace);
        Path html = dir.resolve("fork.html");
        TraceHtml.write(TraceStates.replay(trace.toString(), t), html);
        String last = dumpDom(html, "#step=last");
        assertTrue(last.contains("<table class=\"family\" id=\"family-task\">"), "a task table");
        assertTrue(last.contains("<td class=\"v changed\" data-var=\"task3.signal\">-1</td>"),
                "the new thread's signal, dropped by the last step, marked");
        assertEquals("1", cell(last, "signal2.count"), "the count the rung dropped");
        assertTrue(last.contains("<th class=\"mono\">task3 · pid 3</th>"), "a column named by slot and pid");
        String first = dumpDom(html, "#step=0");
        assertFalse(first.contains("data-var=\"task3.used\""), "a free slot is left out");
        assertTrue(first.contains("data-var=\"task2.used\""), "a slot in use is shown");
    }

    /** The text of the state cell for {@code var}. */
    private static String cell(String dom, String var) {
        Matcher m = Pattern.compile("data-var=\"" + Pattern.quote(var) + "\">([^<]*)<").matcher(dom);
        assertTrue(m.find(), "no cell for " + var);
        return m.group(1);
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    static String dumpDom(Path html, String hash) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium");
        Path out = dir.resolve("dom-" + System.nanoTime() + ".html");
        Path err = dir.resolve("chromium-" + System.nanoTime() + ".log");
        List<String> cmd = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom",
                html.toAbsolutePath().toUri() + hash);
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90s; its log: " + Files.readString(err));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(err));
        assertTrue(dom.contains("</html>"), "no DOM dumped; chromium's log: " + Files.readString(err));
        return dom;
    }
}
