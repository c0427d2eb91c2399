package forkcheck.checker.view;

import forkcheck.checker.AtomicFile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import forkcheck.checker.trace.TraceStates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The trace viewer: one self-contained HTML page (inline CSS and script, no network) with the
 * trace's every state embedded as JSON. The page builds its DOM from that JSON with
 * {@code textContent} only, so nothing in a scenario's text can become markup.
 */
public final class TraceHtml {
    static final String TEMPLATE = "trace-viewer.html";
    static final String TITLE_SLOT = "@@FORKCHECK_TITLE@@";
    static final String DATA_SLOT = "@@FORKCHECK_DATA@@";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceHtml() {}

    public static String render(TraceStates ts) {
        String page = template();
        int title = page.indexOf(TITLE_SLOT);
        int data = page.indexOf(DATA_SLOT);
        if (title < 0 || data < title) {
            throw new IllegalStateException(TEMPLATE + ": expected " + TITLE_SLOT + " before " + DATA_SLOT);
        }
        // Spliced, not replaced: a scenario text that contains a slot's name must stay text.
        return page.substring(0, title) + escapeHtml(title(ts)) + page.substring(title + TITLE_SLOT.length(), data)
                + scriptJson(json(ts)) + page.substring(data + DATA_SLOT.length());
    }

    public static void write(TraceStates ts, Path file) throws IOException {
        AtomicFile.write(file, render(ts));
    }

    static String title(TraceStates ts) {
        return "forkcheck: " + ts.trace().property() + " in " + ts.trace().scenario();
    }

    static String json(TraceStates ts) {
        try {
            return JSON.writeValueAsString(TraceModel.of(ts));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * JSON safe inside {@code <script type="application/json">}: no {@code </script>} or
     * {@code <!--} can end or change the element. The three characters occur only inside JSON
     * strings, where the escapes mean the same.
     */
    static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String template() {
        try (InputStream in = TraceHtml.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + TEMPLATE + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
