package forkcheck.checker.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import forkcheck.checker.engine.Explorer;
import forkcheck.checker.trace.Change;
import forkcheck.checker.trace.Trace;
import forkcheck.checker.trace.TraceStates;
import forkcheck.checker.trace.TraceStep;
import forkcheck.model.Bitmap;
import forkcheck.model.Var;
import forkcheck.spec.Property;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the page shows, as JSON: the trace's steps, and every state grouped the way a kernel
 * engineer reads it (CPU frames, pidmap pages, locks, globals, and a table for each family of
 * numbered structures: {@code task0.pid}, {@code signal1.count}, {@code rq0.curr}). The grouping
 * goes by the variables' names, so a variable the page does not know still appears, under the
 * shared variables.
 */
final class TraceModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CPU_VAR = Pattern.compile("cpu(\\d+)\\.(.+)");
    /** {@code task3.pids[PIDTYPE_PID].attached}: family {@code task}, entry 3, field {@code pids[...].attached}. */
    private static final Pattern FAMILY_VAR = Pattern.compile("([a-z_]+?)(\\d+)\\.(.+)");
    private static final Pattern PAGE_VAR = Pattern.compile("pidmap_array\\[(\\d+)\\]\\.(page|nr_free|bits)");
    private static final Pattern LOCK_OWNER = Pattern.compile("(.+)\\.owner");
    /** Ghost variables: read only by the properties, so the page marks them as not the kernel's. */
    private static final Set<String> GHOSTS = Set.of("wrapped", "raced", "page_fault", "free");

    private TraceModel() {}

    static ObjectNode of(TraceStates ts) {
        Trace t = ts.trace();
        ObjectNode root = JSON.createObjectNode();
        root.put("specVersion", t.specVersion());
        root.put("mutant", t.mutant());
        ObjectNode sc = root.putObject("scenario");
        sc.put("name", t.scenario());
        sc.put("source", t.scenarioSource());
        sc.put("text", t.scenarioText());
        Property p = property(ts);
        ObjectNode prop = root.putObject("property");
        prop.put("name", t.property());
        prop.put("kind", p == null ? "always" : p.kind().name().toLowerCase());
        prop.put("description", p == null ? "" : p.description());
        List<Var> vars = ts.spec().layout().vars();
        root.set("frameRows", frameRows(vars));
        root.set("families", families(vars));
        root.set("steps", steps(t));
        ArrayNode states = root.putArray("states");
        for (int k = 0; k < ts.states().size(); k++) {
            ObjectNode st = state(vars, ts.states().get(k));
            st.put("violated", violates(p, ts, k));
            states.add(st);
        }
        return root;
    }

    private static Property property(TraceStates ts) {
        String name = ts.trace().property();
        if (name.equals(Explorer.DEADLOCK_FREE.name())) {
            return Explorer.DEADLOCK_FREE;
        }
        return ts.spec().properties().stream().filter(q -> q.name().equals(name)).findFirst().orElse(null);
    }

    /** Deadlock is a property of the last state only (no step is enabled there); others are per state. */
    private static boolean violates(Property p, TraceStates ts, int k) {
        boolean last = k == ts.states().size() - 1;
        if (p == null || p == Explorer.DEADLOCK_FREE) {
            return last;
        }
        boolean holds = p.predicate().test(ts.states().get(k));
        return p.kind() == Property.Kind.ALWAYS ? !holds : holds && last;
    }

    private static ArrayNode steps(Trace t) {
        ArrayNode out = JSON.createArrayNode();
        for (TraceStep s : t.steps()) {
            ObjectNode n = out.addObject();
            n.put("step", s.index());
            n.put("cpu", s.info().cpu());
            n.put("function", s.info().function());
            n.put("label", s.info().label());
            n.put("code", s.info().code());
            n.put("fault", s.info().fault());
            ArrayNode ch = n.putArray("changes");
            for (Change c : s.changes()) {
                ch.addObject().put("var", c.var()).put("before", c.before()).put("after", c.after());
            }
        }
        return out;
    }

    /** The rows of the CPU table: every frame variable of any CPU, in layout order. */
    private static ArrayNode frameRows(List<Var> vars) {
        Set<String> names = new LinkedHashSet<>();
        for (Var v : vars) {
            Matcher m = CPU_VAR.matcher(v.name());
            if (m.matches()) {
                names.add(m.group(2));
            }
        }
        ArrayNode out = JSON.createArrayNode();
        for (String n : names) {
            out.addObject().put("name", n).put("ghost", GHOSTS.contains(n)).put("result", n.matches("r\\d+"));
        }
        return out;
    }

    /** Each family of numbered structures but the CPUs, in layout order, with its fields as rows. */
    private static ArrayNode families(List<Var> vars) {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        for (Var v : vars) {
            Matcher m = familyOf(v.name());
            if (m != null) {
                rows.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(m.group(3));
            }
        }
        ArrayNode out = JSON.createArrayNode();
        rows.forEach((name, fields) -> {
            ObjectNode f = out.addObject().put("name", name);
            ArrayNode r = f.putArray("rows");
            fields.forEach(r::add);
        });
        return out;
    }

    /** The family match of a variable that belongs in a family table, or null. */
    private static Matcher familyOf(String name) {
        if (CPU_VAR.matcher(name).matches() || PAGE_VAR.matcher(name).matches()) {
            return null;
        }
        Matcher m = FAMILY_VAR.matcher(name);
        return m.matches() ? m : null;
    }

    private static ObjectNode state(List<Var> vars, long[] s) {
        Map<Integer, ObjectNode> cpus = new TreeMap<>();
        Map<String, Map<Integer, ObjectNode>> families = new LinkedHashMap<>();
        Map<Integer, ObjectNode> pages = new TreeMap<>();
        ArrayNode locks = JSON.createArrayNode();
        ObjectNode globals = JSON.createObjectNode();
        for (Var v : vars) {
            String name = v.name();
            Matcher cpu = CPU_VAR.matcher(name);
            Matcher page = PAGE_VAR.matcher(name);
            Matcher lock = LOCK_OWNER.matcher(name);
            Matcher family = familyOf(name);
            if (family != null) {
                families.computeIfAbsent(family.group(1), k -> new TreeMap<>())
                        .computeIfAbsent(Integer.parseInt(family.group(2)), k -> JSON.createObjectNode().put("index", k))
                        .with("vars").put(family.group(3), v.show(s));
            } else if (cpu.matches()) {
                int c = Integer.parseInt(cpu.group(1));
                cpus.computeIfAbsent(c, k -> JSON.createObjectNode().put("cpu", k)).with("vars")
                        .put(cpu.group(2), v.show(s));
            } else if (page.matches()) {
                ObjectNode pg = pages.computeIfAbsent(Integer.parseInt(page.group(1)),
                        k -> JSON.createObjectNode().put("index", k));
                putPageField(pg, page.group(2), v, s);
            } else if (lock.matches()) {
                locks.addObject().put("name", lock.group(1)).put("var", name).put("owner", v.show(s));
            } else {
                globals.put(name, v.show(s));
            }
        }
        ObjectNode st = JSON.createObjectNode();
        st.set("globals", globals);
        st.set("locks", locks);
        st.set("pages", JSON.valueToTree(new ArrayList<>(pages.values())));
        st.set("cpus", JSON.valueToTree(new ArrayList<>(cpus.values())));
        ObjectNode fam = st.putObject("families");
        families.forEach((name, entries) -> fam.set(name, JSON.valueToTree(new ArrayList<>(entries.values()))));
        return st;
    }

    private static void putPageField(ObjectNode pg, String field, Var v, long[] s) {
        switch (field) {
            case "page" -> pg.put("present", !v.show(s).equals("0"));
            case "nr_free" -> pg.put("nr_free", v.show(s));
            default -> {
                Bitmap b = (Bitmap) v;
                pg.put("size", b.size());
                ArrayNode set = pg.putArray("set");
                for (int bit = 0; bit < b.size(); bit++) {
                    if (b.test(s, bit)) {
                        set.add(bit);
                    }
                }
            }
        }
    }
}
