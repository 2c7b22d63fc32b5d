package dev.llmdyno.experiment;

import java.util.Map;

/**
 * Text that a run puts into a prompt as it is: a conversation's turns, a model's answers, a recorded prompt. It
 * travels as a variable that the prompt's placeholder names, so that braces in it are sent as they are and never
 * read as {{variables}} of the profile (a variable's value is not rendered again).
 */
final class LiteralText {

    private static final String PREFIX = "dyno_text_";

    private LiteralText() {
    }

    /** Puts {@code text} into {@code variables} under {@code name} and returns the placeholder that stands for it. */
    static String put(String name, String text, Map<String, String> variables) {
        variables.put(PREFIX + name, text);
        return "{{" + PREFIX + name + "}}";
    }
}
