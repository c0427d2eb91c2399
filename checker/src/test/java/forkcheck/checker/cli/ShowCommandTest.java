package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import forkcheck.checker.trace.Trace;
import forkcheck.checker.trace.TraceJson;
import forkcheck.checker.trace.TraceStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowCommandTest {
    /** Surefire runs in checker/; the committed traces live at the repository's top. */
    static final Path FREE_RACE = Path.of("..", "counterexamples", "free-race--alloc-fails-only-when-full.json");

    @TempDir
    Path dir;

    @Test
    void writesTheHtmlPageAndTheItfTrace() throws IOException {
        Path html = dir.resolve("out/fr.html");
        Path itf = dir.resolve("fr.itf.json");
        Cli r = Cli.run("show", FREE_RACE.toString(), "--html", html.toString(), "--itf", itf.toString());
        assertEquals(Main.OK, r.code(), r.all());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 40));
        assertTrue(page.contains("<script type=\"application/json\" id=\"trace-data\">{"), "data embedded");
        assertFalse(page.contains("@@FORKCHECK_"), "every slot filled");
        assertFalse(page.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing loaded from the network");
        JsonNode root = new ObjectMapper().readTree(Files.readString(itf));
        assertEquals(TraceJson.read(FREE_RACE).steps().size() + 1, root.get("states").size());
        assertEquals(List.of(), leftovers(), "no temporary file left");
    }

    @Test
    void withoutAnOutputIsUsageError() {
        Cli r = Cli.run("show", FREE_RACE.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("give --html OUT.html, --itf OUT.itf.json, or both"), r.all());
    }

    @Test
    void aDivergingTraceExitsOneAndWritesNothing() throws IOException {
        Trace t = TraceJson.read(FREE_RACE);
        TraceStep first = t.steps().stream().filter(s -> s.info().cpu() == 0).findFirst().orElseThrow();
        List<TraceStep> steps = new ArrayList<>(t.steps());
        steps.set(first.index() - 1, new TraceStep(first.index(), 2, first.info(), first.changes(), first.fingerprint()));
        Path bad = dir.resolve("diverges.json");
        TraceJson.write(new Trace(t.specVersion(), t.scenario(), t.scenarioSource(), t.scenarioText(), t.mutant(),
                t.property(), t.initial(), t.initialFingerprint(), steps), bad);
        Path html = dir.resolve("diverges.html");
        Path itf = dir.resolve("diverges.itf.json");
        Cli r = Cli.run("show", bad.toString(), "--html", html.toString(), "--itf", itf.toString());
        assertEquals(Main.FAILED, r.code(), r.all());
        assertTrue(r.err().contains(bad + ": diverged at step " + first.index() + ": "), r.all());
        assertFalse(Files.exists(html), "no page for a trace that does not replay");
        assertFalse(Files.exists(itf), "no ITF for a trace that does not replay");
    }

    @Test
    void aTraceOfAnotherSpecVersionIsBadInputAndWritesNothing() throws IOException {
        Path old = dir.resolve("old.json");
        Files.writeString(old, Files.readString(FREE_RACE).replaceFirst("\"specVersion\" : \"[^\"]*\"",
                "\"specVersion\" : \"pidmap-0\""));
        Path html = dir.resolve("old.html");
        Cli r = Cli.run("show", old.toString(), "--html", html.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains(old + ": recorded under spec version pidmap-0"), r.all());
        assertFalse(Files.exists(html));
    }

    @Test
    void scenarioTextCannotBreakOutOfTheEmbeddedJson() throws IOException {
        Path evil = withScenarioComment(dir, "# </script><script>alert(1)</script><!-- & \u2028");
        Path html = dir.resolve("evil.html");
        Cli r = Cli.run("show", evil.toString(), "--html", html.toString());
        assertEquals(Main.OK, r.code(), r.all());
        String page = Files.readString(html);
        assertFalse(page.contains("alert(1)</script>"), "the scenario's </script> is escaped");
        assertFalse(page.contains("<!--"), "no comment opener from the data");
        assertTrue(page.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"), "escaped as \\u003c");
        assertEquals(2, page.split("</script>", -1).length - 1, "only the page's own two scripts close");
    }

    @Test
    void anUnwritableOutputIsBadInputNamingTheOption() throws IOException {
        Path taken = Files.createDirectories(dir.resolve("a-directory.html"));
        Cli r = Cli.run("show", FREE_RACE.toString(), "--html", taken.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().startsWith("forkcheck: --html " + taken + ": cannot write: "), r.all());
        assertEquals(List.of(), leftovers(), "no temporary file left");
    }

    @Test
    void checkWritesItfBesideTheJsonTrace() {
        Cli both = Cli.run("check", "free-race", "--out", dir.resolve("both").toString(), "--workers", "1", "--format", "both");
        assertEquals(Main.FAILED, both.code(), both.all());
        assertTrue(Files.isRegularFile(dir.resolve("both/free-race--alloc-fails-only-when-full.json")), both.all());
        assertTrue(Files.isRegularFile(dir.resolve("both/free-race--alloc-fails-only-when-full.itf.json")), both.all());
        assertTrue(both.out().contains("ITF trace written to "), both.all());

        Cli itf = Cli.run("check", "free-race", "--out", dir.resolve("itf").toString(), "--workers", "1", "--format", "itf");
        assertEquals(Main.FAILED, itf.code(), itf.all());
        assertTrue(Files.isRegularFile(dir.resolve("itf/free-race--alloc-fails-only-when-full.itf.json")), itf.all());
        assertFalse(Files.exists(dir.resolve("itf/free-race--alloc-fails-only-when-full.json")), itf.all());

        Cli json = Cli.run("check", "free-race", "--out", dir.resolve("json").toString(), "--workers", "1");
        assertFalse(Files.exists(dir.resolve("json/free-race--alloc-fails-only-when-full.itf.json")), "json is the default");
    }

    @Test
    void unknownFormatIsUsageError() {
        Cli r = Cli.run("check", "free-race", "--out", dir.toString(), "--format", "xml");
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("--format"), r.all());
    }

    /** The committed free-race trace with {@code comment} added to its scenario: it still replays. */
    static Path withScenarioComment(Path dir, String comment) throws IOException {
        Trace t = TraceJson.read(FREE_RACE);
        Path f = dir.resolve("commented.json");
        TraceJson.write(new Trace(t.specVersion(), t.scenario(), t.scenarioSource(), comment + "\n" + t.scenarioText(),
                t.mutant(), t.property(), t.initial(), t.initialFingerprint(), t.steps()), f);
        return f;
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".trace")).toList();
        }
    }
}
