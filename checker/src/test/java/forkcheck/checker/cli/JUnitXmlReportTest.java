package forkcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forkcheck.spec.pid.Mutant;
import forkcheck.spec.scenario.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The reports are read back with the JDK's parser, as a CI server would read them. */
class JUnitXmlReportTest {
    @TempDir
    Path dir;

    static Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    static List<Element> testcases(Document d) {
        NodeList nl = d.getDocumentElement().getElementsByTagName("testcase");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    static Element testcase(Document d, String name) {
        return testcases(d).stream().filter(e -> e.getAttribute("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no testcase " + name));
    }

    static Element child(Element e, String tag) {
        NodeList nl = e.getElementsByTagName(tag);
        return nl.getLength() == 0 ? null : (Element) nl.item(0);
    }

    @Test
    void passingScenarioIsOneTestcasePerPropertyWithoutFailures() throws Exception {
        Path xml = dir.resolve("reports/pidrace-2x2.xml");
        Cli r = Cli.run("check", "pidrace-2x2", "--workers", "2", "--out", dir.toString(), "--junit-xml", xml.toString());
        assertEquals(Main.OK, r.code(), r.all());
        Element s = parse(xml).getDocumentElement();
        assertEquals("testsuite", s.getTagName());
        assertEquals("forkcheck.pidrace-2x2", s.getAttribute("name"));
        int props = Scenarios.builtin("pidrace-2x2").properties().size() + 1; // and deadlock-free
        assertEquals(Integer.toString(props), s.getAttribute("tests"));
        assertEquals("0", s.getAttribute("failures"));
        assertEquals("0", s.getAttribute("errors"));
        assertEquals("0", s.getAttribute("skipped"));
        assertTrue(Double.parseDouble(s.getAttribute("time")) >= 0);
        List<Element> cases = testcases(parse(xml));
        assertEquals(props, cases.size());
        for (Element c : cases) {
            assertEquals("forkcheck.pidrace-2x2", c.getAttribute("classname"));
            assertEquals(0, c.getElementsByTagName("*").getLength(), "no failure or skipped in " + c.getAttribute("name"));
        }
        testcase(parse(xml), "pid-unique");
        testcase(parse(xml), "deadlock-free");
    }

    @Test
    void violationIsAFailureWithTheTraceOneStepALine() throws Exception {
        Path xml = dir.resolve("free-race.xml");
        Cli r = Cli.run("check", "free-race", "--workers", "2", "--out", dir.toString(), "--junit-xml", xml.toString());
        assertEquals(Main.FAILED, r.code(), r.all());
        Document d = parse(xml);
        assertEquals("1", d.getDocumentElement().getAttribute("failures"));
        Element f = child(testcase(d, "alloc-fails-only-when-full"), "failure");
        assertTrue(f.getAttribute("message").startsWith("VIOLATED (trace of 6 steps)"), f.getAttribute("message"));
        assertEquals("violation", f.getAttribute("type"));
        List<String> steps = f.getTextContent().strip().lines().filter(l -> l.startsWith("Step ")).toList();
        assertEquals(6, steps.size(), f.getTextContent());
        assertTrue(steps.get(0).startsWith("Step 1: cpu1 free_pidmap CLEAR_BIT | "), steps.get(0));
        assertTrue(steps.get(0).contains("clear_bit(offset, map->page); | "), steps.get(0));
        assertTrue(steps.get(0).contains("pidmap_array[0].bits: {0,1,2,3,4,5,6,7} -> {0,1,2,3,4,6,7}"), steps.get(0));
        assertEquals(null, child(testcase(d, "pid-unique"), "failure"));
    }

    @Test
    void boundedRunSkipsWhatItDidNotDecide() throws Exception {
        Path xml = dir.resolve("bounded.xml");
        Cli r = Cli.run("check", "pidrace-3x2-free", "--max-states", "1000", "--workers", "2", "--out", dir.toString(),
                "--junit-xml", xml.toString());
        assertEquals(Main.BOUNDED, r.code(), r.all());
        Document d = parse(xml);
        Element sk = child(testcase(d, "pid-unique"), "skipped");
        assertTrue(sk.getAttribute("message").startsWith("bounded run: the states bound"), sk.getAttribute("message"));
        assertTrue(Integer.parseInt(d.getDocumentElement().getAttribute("skipped")) >= 1);
        assertEquals("0", d.getDocumentElement().getAttribute("failures"));
    }

    @Test
    void markupInAScenarioNameIsEscaped() throws Exception {
        Path sc = dir.resolve("a<b&c\".scenario");
        Files.writeString(sc, Scenarios.builtin("page-fault").text().replaceAll("(?m)^name.*$", ""));
        Path xml = dir.resolve("odd.xml");
        Cli r = Cli.run("check", sc.toString(), "--workers", "1", "--out", dir.toString(), "--junit-xml", xml.toString());
        Document d = parse(xml);
        assertTrue(d.getDocumentElement().getAttribute("name").contains("a<b&c\""), r.all());
    }

    @Test
    void mutantsReportOneTestcasePerRun() throws Exception {
        Path xml = dir.resolve("mutants.xml");
        Cli r = Cli.run("mutants", "--workers", "2", "--junit-xml", xml.toString());
        assertEquals(Main.OK, r.code(), r.all());
        Document d = parse(xml);
        long mutants = forkcheck.spec.Models.all().stream().mapToLong(m -> m.mutants().size()).sum();
        assertEquals(Long.toString(mutants), d.getDocumentElement().getAttribute("tests"));
        assertEquals("0", d.getDocumentElement().getAttribute("failures"));
        assertEquals("forkcheck.mutants.wrap", testcase(d, "no-rescan").getAttribute("classname"));
    }

    @Test
    void anUnwritableReportIsBadInputNamingTheOption() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "");
        Path xml = notADir.resolve("r.xml");
        Cli r = Cli.run("check", "page-fault", "--workers", "1", "--out", dir.toString(), "--junit-xml", xml.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.all());
        assertTrue(r.err().startsWith("forkcheck: --junit-xml " + xml + ": cannot write"), r.all());
    }
}
