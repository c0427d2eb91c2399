package forkcheck.checker.report;

import forkcheck.checker.MutationRun;
import forkcheck.checker.SpecLoader;
import forkcheck.checker.engine.Result;
import forkcheck.checker.engine.Verdict;
import forkcheck.checker.trace.Change;
import forkcheck.checker.trace.Trace;
import forkcheck.checker.trace.TraceStep;
import forkcheck.spec.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A run as a JUnit XML report, the Surefire/Ant format that CI servers read: one testsuite, one
 * testcase per property (or per mutant run). Built as a DOM so that the JDK does the escaping.
 */
public final class JUnitXml {
    private JUnitXml() {}

    public enum Outcome { PASSED, FAILED, SKIPPED }

    /** {@code message} and {@code type} are attributes of the failure or skipped element; {@code body} its text. */
    public record TestCase(String classname, String name, double seconds, Outcome outcome, String message,
            String type, String body) {
        static TestCase passed(String classname, String name, double seconds) {
            return new TestCase(classname, name, seconds, Outcome.PASSED, null, null, null);
        }
    }

    /** {@code properties} become the suite's {@code <properties>}: what the run was, for whoever reads the report. */
    public record Suite(String name, double seconds, Map<String, String> properties, List<TestCase> cases) {
        public long count(Outcome o) {
            return cases.stream().filter(c -> c.outcome() == o).count();
        }
    }

    /**
     * One testcase per property. The properties are checked together by one exploration, so
     * the time is the suite's, and each testcase's is 0.
     */
    public static Suite ofCheck(SpecLoader loaded, Result r) {
        String classname = "forkcheck." + loaded.provenance().scenario();
        List<TestCase> cases = new ArrayList<>();
        for (Verdict v : r.verdicts()) {
            cases.add(testCase(loaded, r, classname, v));
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("scenario", loaded.provenance().source());
        props.put("spec", loaded.spec().version());
        props.put("mutant", loaded.provenance().mutant());
        props.put("distinct", Long.toString(r.stats().distinct()));
        props.put("transitions", Long.toString(r.stats().transitions()));
        props.put("complete", Boolean.toString(r.complete()));
        return new Suite(classname, r.stats().seconds(), props, cases);
    }

    private static TestCase testCase(SpecLoader loaded, Result r, String classname, Verdict v) {
        String name = v.property().name();
        String what = v.property().description();
        return switch (v.status()) {
            case HOLDS, REACHED -> TestCase.passed(classname, name, 0);
            case VIOLATED -> new TestCase(classname, name, 0, Outcome.FAILED,
                    "VIOLATED (trace of " + v.path().length + " steps): " + what, "violation",
                    summary(Trace.of(loaded.spec(), loaded.provenance(), name, v.path())));
            case NEVER_REACHED -> new TestCase(classname, name, 0, Outcome.FAILED, "NEVER REACHED: " + what,
                    "never-reached", "no state among the " + r.stats().distinct() + " reachable ones satisfies it");
            case UNDECIDED -> new TestCase(classname, name, 0, Outcome.SKIPPED, r.stoppedBy() != null
                    ? "bounded run: the " + r.stoppedBy() + " bound stopped it after " + r.stats().distinct()
                            + " distinct states"
                    : "search stopped at the first violation (--continue to decide it)", null, null);
        };
    }

    /** The trace, each step one line, for a CI page that shows the failure's text as is. */
    public static String summary(Trace t) {
        StringBuilder sb = new StringBuilder("State 0: initial (scenario " + t.scenario()
                + (t.mutant().equals("none") ? "" : ", mutant " + t.mutant()) + ")\n");
        for (TraceStep s : t.steps()) {
            var i = s.info();
            sb.append(String.format(Locale.ROOT, "Step %d: cpu%d %s %s%s | %s | %s%n", s.index(), i.cpu(),
                    i.function(), i.label(), i.fault() ? " [fault injected]" : "", i.code(), changes(s.changes())));
        }
        return sb.toString();
    }

    private static String changes(List<Change> cs) {
        return cs.stream().map(c -> c.var() + ": " + c.before() + " -> " + c.after()).collect(Collectors.joining("; "));
    }

    /**
     * One testcase per mutant run. A run that missed a mutant another scenario caught is
     * skipped, not failed: the mutant was caught.
     */
    public static Suite ofMutants(MutationRun run) {
        Map<String, Boolean> byMutant = run.caughtByMutant();
        List<TestCase> cases = new ArrayList<>();
        double total = 0;
        for (MutationRun.Outcome o : run.outcomes()) {
            total += o.seconds();
            String classname = "forkcheck.mutants." + o.scenario();
            String name = o.c().mutant().id();
            String expect = o.c().mutant().id() + " must break " + o.c().property() + " on " + o.scenario();
            if (o.caught()) {
                cases.add(TestCase.passed(classname, name, o.seconds()));
            } else if (byMutant.get(name)) {
                cases.add(new TestCase(classname, name, o.seconds(), Outcome.SKIPPED,
                        "missed here, caught on another scenario", null, null));
            } else {
                cases.add(new TestCase(classname, name, o.seconds(), Outcome.FAILED, "ESCAPED: " + expect,
                        o.baselineFails() ? "invalid" : "escaped", o.baselineFails()
                                ? "the unmutated spec breaks " + o.c().property() + " on this scenario too"
                                : "no violation of " + o.c().property() + " among "
                                        + o.result().stats().distinct() + " states"));
            }
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("score", run.caught() + "/" + run.mutants());
        return new Suite("forkcheck.mutants", total, props, cases);
    }

    public static void write(Suite suite, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                write(suite, out);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new BadInputException("--junit-xml " + file + ": cannot write: " + e.getMessage());
        }
    }

    public static void write(Suite suite, OutputStream out) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            t.transform(new DOMSource(document(suite)), new StreamResult(out));
        } catch (TransformerException | ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML writer failed", e);
        }
    }

    static Document document(Suite suite) throws ParserConfigurationException {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        Element s = doc.createElement("testsuite");
        doc.appendChild(s);
        s.setAttribute("name", suite.name());
        s.setAttribute("tests", Integer.toString(suite.cases().size()));
        s.setAttribute("failures", Long.toString(suite.count(Outcome.FAILED)));
        s.setAttribute("errors", "0");
        s.setAttribute("skipped", Long.toString(suite.count(Outcome.SKIPPED)));
        s.setAttribute("time", seconds(suite.seconds()));
        Element props = doc.createElement("properties");
        s.appendChild(props);
        suite.properties().forEach((k, v) -> {
            Element p = doc.createElement("property");
            p.setAttribute("name", k);
            p.setAttribute("value", v);
            props.appendChild(p);
        });
        for (TestCase c : suite.cases()) {
            s.appendChild(testCase(doc, c));
        }
        return doc;
    }

    private static Element testCase(Document doc, TestCase c) {
        Element e = doc.createElement("testcase");
        e.setAttribute("classname", c.classname());
        e.setAttribute("name", c.name());
        e.setAttribute("time", seconds(c.seconds()));
        if (c.outcome() == Outcome.PASSED) {
            return e;
        }
        Element x = doc.createElement(c.outcome() == Outcome.FAILED ? "failure" : "skipped");
        x.setAttribute("message", c.message());
        if (c.type() != null) {
            x.setAttribute("type", c.type());
        }
        if (c.body() != null) {
            x.setTextContent(c.body());
        }
        e.appendChild(x);
        return e;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
