package forkcheck.checker.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import forkcheck.checker.trace.Trace;
import forkcheck.checker.trace.TraceJson;
import forkcheck.checker.trace.TraceStates;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page without a browser: its escaping, and the state it embeds. */
class TraceHtmlTest {
    private static final Path FREE_RACE = Path.of("..", "counterexamples", "free-race--alloc-fails-only-when-full.json");

    @Test
    void escapesMarkupInText() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", TraceHtml.escapeHtml("a <b> & \"c\" 'd'"));
    }

    @Test
    void scriptJsonHasNoCharacterThatCouldEndTheScriptElement() throws Exception {
        String json = new ObjectMapper().writeValueAsString(new String[] {"</script><!-- & \u2028"});
        String safe = TraceHtml.scriptJson(json);
        assertFalse(safe.matches("(?s).*[<>&\u2028].*"), safe);
        assertEquals("</script><!-- & \u2028", new ObjectMapper().readTree(safe).get(0).asText(), "same value once parsed");
    }

    @Test
    void embedsEveryStateOfTheTrace() throws Exception {
        Trace t = TraceJson.read(FREE_RACE);
        String page = TraceHtml.render(TraceStates.replay(FREE_RACE.toString(), t));
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"trace-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(page);
        assertTrue(m.find(), "data embedded");
        JsonNode data = new ObjectMapper().readTree(m.group(1));
        JsonNode states = data.get("states");
        assertEquals(t.steps().size() + 1, states.size());
        JsonNode last = states.get(t.steps().size());
        assertTrue(last.get("violated").asBoolean(), "the last state violates the property");
        assertFalse(states.get(0).get("violated").asBoolean(), "the initial one does not");
        assertEquals("RET", last.get("cpus").get(0).get("vars").get("pc").asText());
        assertEquals("-1", last.get("cpus").get(0).get("vars").get("pid").asText());
        assertEquals("[0,1,2,3,4,6,7]", last.get("pages").get(0).get("set").toString(), "pid 5's bit clear");
        assertEquals("0", last.get("pages").get(0).get("nr_free").asText(), "but nr_free not yet incremented");
        assertEquals("-1", last.get("locks").get(0).get("owner").asText());
        assertEquals("alloc-fails-only-when-full", data.get("property").get("name").asText());
        assertTrue(page.contains("<title>forkcheck: alloc-fails-only-when-full in free-race</title>"));
    }
}
