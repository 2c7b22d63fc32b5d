package dev.llmdyno.sim;

import java.util.List;

/** A chat request as the simulator sees it, whichever wire protocol it came in on. */
record SimRequest(String model, String apiKey, String system, List<Turn> turns, int maxTokens, List<String> stop,
                  Long seed, boolean stream, boolean includeUsage) {

    record Turn(String role, String content) {
    }

    /** The conversation as one text: what prompt caching and the answer's seed are keyed on. */
    String promptText() {
        var text = new StringBuilder(system);
        for (var turn : turns) {
            text.append('\n').append(turn.role()).append(": ").append(turn.content());
        }
        return text.toString();
    }
}
