package forkcheck.checker.z3.prove;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import forkcheck.checker.AtomicFile;
import forkcheck.model.Var;
import forkcheck.spec.Spec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The table of {@code prove --json}: one entry per obligation, with its CTI's relevant variables, and the auxiliary invariants assumed. */
public final class ProveJson {
    private ProveJson() {}

    public static void write(Path file, Spec spec, String mutant, List<Outcome> outcomes, List<AuxInvariant> auxiliary,
            double totalSeconds) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("scenario", spec.scenarioName());
        root.put("mutant", mutant);
        root.put("totalSeconds", totalSeconds);
        ArrayNode rows = root.putArray("obligations");
        for (Outcome o : outcomes) {
            ObjectNode r = rows.addObject();
            r.put("step", o.obligation().step());
            r.put("invariant", o.obligation().target());
            r.put("auxiliary", o.obligation().auxiliary());
            r.put("result", o.status().name().toLowerCase(java.util.Locale.ROOT));
            r.put("seconds", o.seconds());
            if (o.noStep()) {
                r.put("noStep", true);
            }
            if (o.reason() != null) {
                r.put("reason", o.reason());
            }
            if (o.cti() != null) {
                Cti c = o.cti();
                ObjectNode n = r.putObject("cti");
                n.put("cpu", c.cpu());
                n.put("label", c.label());
                n.put("fail", c.fail());
                if (c.reachable() != null) {
                    n.put("reachable", c.reachable());
                }
                ObjectNode before = n.putObject("before");
                ObjectNode after = n.putObject("after");
                for (Var v : spec.layout().vars()) {
                    if (c.relevant().contains(v.name())) {
                        before.put(v.name(), v.show(c.before()));
                        after.put(v.name(), v.show(c.after()));
                    }
                }
            }
        }
        ArrayNode aux = root.putArray("auxiliary");
        for (AuxInvariant a : auxiliary) {
            aux.addObject().put("name", a.name()).put("description", a.description());
        }
        AtomicFile.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
