package dev.llmdyno.profile;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {{variable}}} substitution in prompt text. */
public final class Template {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private Template() {
    }

    /** The variable names a text refers to, in order of first use. */
    public static Set<String> variables(String text) {
        var names = new LinkedHashSet<String>();
        if (text == null || !text.contains("{{")) {
            return names; // the common case, found without the regex: it matters on every keystroke of a long prompt
        }
        var matcher = VARIABLE.matcher(text == null ? "" : text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Replaces every {@code {{name}}}; a name without a value is an error that names it. */
    public static String render(String text, Map<String, String> values) {
        if (text == null) {
            return "";
        }
        if (!text.contains("{{")) {
            return text;
        }
        var matcher = VARIABLE.matcher(text);
        var out = new StringBuilder(text.length());
        while (matcher.find()) {
            var name = matcher.group(1);
            var value = values.get(name);
            if (value == null) {
                throw new MissingVariableException(name);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    public static final class MissingVariableException extends IllegalArgumentException {
        private final String variable;

        MissingVariableException(String variable) {
            super("variable {{" + variable + "}} has no value");
            this.variable = variable;
        }

        public String variable() {
            return variable;
        }
    }
}
