package forkcheck.checker.view;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** For tests in other packages: the JSON a rendered page embeds. */
public final class TraceHtmlAccess {
    private TraceHtmlAccess() {}

    public static String embeddedJson(String page) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"trace-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(page);
        if (!m.find()) {
            throw new AssertionError("no trace data in the page");
        }
        return m.group(1);
    }
}
