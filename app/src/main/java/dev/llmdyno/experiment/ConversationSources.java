package dev.llmdyno.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Set;

/**
 * The conversations a plan plays, from wherever it gives them: a JSONL file (one conversation per line, read line by
 * line so each problem names its line and field), inline, or made up. Every conversation needs at least one user
 * turn with text.
 */
final class ConversationSources {

    static final int MAX_TURNS = 1_000;
    private static final Set<String> CONVERSATION_FIELDS = Set.of("id", "system", "turns");
    private static final Set<String> TURN_FIELDS = Set.of("user", "reference");

    private ConversationSources() {
    }

    static List<Conversation> resolve(ExperimentPlan.Conversations source, Path folder, long seed,
                                      List<Problem> problems) {
        int given = (source.file() == null ? 0 : 1) + (source.sessions().isEmpty() ? 0 : 1)
                + (source.synthetic() == null ? 0 : 1);
        if (given != 1) {
            problems.add(Problem.at("conversations", "give exactly one of file, sessions or synthetic"));
            return List.of();
        }
        if (source.thinkTimeMs() != null && (source.thinkTimeMs() < 0 || source.thinkTimeMs() > 3_600_000)) {
            problems.add(Problem.at("conversations.thinkTimeMs", source.thinkTimeMs() + " is outside [0, 3600000]"));
        }
        if (source.synthetic() != null) {
            return synthetic(source.synthetic(), seed, problems);
        }
        if (source.file() != null) {
            if (folder == null) {
                problems.add(Problem.at("conversations.file", "must be written inline here"));
                return List.of();
            }
            return file(folder.resolve(source.file()), problems);
        }
        for (int i = 0; i < source.sessions().size(); i++) {
            checkTurns(source.sessions().get(i), "conversations.sessions[" + i + "]", null, problems);
        }
        return source.sessions();
    }

    private static List<Conversation> file(Path file, List<Problem> problems) {
        var name = file.getFileName().toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.nio.file.NoSuchFileException e) {
            problems.add(Problem.at("conversations.file", file + ": no such file"));
            return List.of();
        } catch (IOException e) {
            problems.add(Problem.at("conversations.file", file + ": cannot read (" + e.getMessage() + ")"));
            return List.of();
        }
        var conversations = new ArrayList<Conversation>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            int lineNumber = i + 1;
            var found = new ArrayList<Problem>();
            try {
                var conversation = conversation(Mappers.json().readTree(lines.get(i)), name, lineNumber, found);
                if (conversation != null) {
                    checkTurns(conversation, "conversations.file", name, found);
                    conversations.add(conversation);
                }
            } catch (JacksonException e) {
                found.add(new Problem("conversations.file", name + ": malformed JSON: "
                        + e.getOriginalMessage().lines().findFirst().orElse(""), lineNumber,
                        e.getLocation() == null ? 1 : e.getLocation().getColumnNr()));
            }
            // A problem inside a line reads "conversations.file: chats.jsonl: turns[1].user: ... (line 3)".
            found.forEach(problem -> problems.add(problem.hasLocation() ? problem : new Problem(problem.path(),
                    problem.message(), lineNumber, 1)));
        }
        if (conversations.isEmpty() && problems.isEmpty()) {
            problems.add(Problem.at("conversations.file", name + " has no conversations"));
        }
        return conversations;
    }

    /** One line's conversation, its fields checked by name; null when it is not a conversation at all. */
    private static Conversation conversation(JsonNode node, String file, int line, List<Problem> problems) {
        if (!node.isObject()) {
            problems.add(new Problem("conversations.file", file + ": expected an object with turns", line, 1));
            return null;
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!CONVERSATION_FIELDS.contains(field)) {
                problems.add(new Problem("conversations.file", file + ": " + field + ": is not a field of a "
                        + "conversation; use id, system, turns", line, 1));
            }
        });
        var turnsNode = node.get("turns");
        if (turnsNode == null || !turnsNode.isArray()) {
            problems.add(new Problem("conversations.file", file + ": turns: is required: a list of user turns",
                    line, 1));
            return null;
        }
        var turns = new ArrayList<Conversation.Turn>();
        for (int t = 0; t < turnsNode.size(); t++) {
            var turn = turnsNode.get(t);
            var at = file + ": turns[" + t + "]";
            if (turn.isTextual()) {
                turns.add(new Conversation.Turn(turn.asText(), null));
            } else if (turn.isObject()) {
                turn.fieldNames().forEachRemaining(field -> {
                    if (!TURN_FIELDS.contains(field)) {
                        problems.add(new Problem("conversations.file", at + "." + field + ": is not a field of a "
                                + "turn; use user, reference", line, 1));
                    }
                });
                turns.add(new Conversation.Turn(text(turn.get("user")), text(turn.get("reference"))));
            } else {
                problems.add(new Problem("conversations.file", at + ": expected the user's text or an object with "
                        + "user and reference", line, 1));
            }
        }
        return new Conversation(text(node.get("id")), text(node.get("system")), turns);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isTextual() ? node.asText() : node.toString();
    }

    /**
     * At least one turn, each with the user's text. {@code path} is where the conversation sits in the plan;
     * {@code file} the file's name when it is a line of one (problems inside it then name the file and the field).
     */
    private static void checkTurns(Conversation conversation, String path, String file, List<Problem> problems) {
        java.util.function.BiConsumer<String, String> add = (field, message) -> problems.add(file == null
                ? Problem.at(path + "." + field, message) : Problem.at(path, file + ": " + field + ": " + message));
        if (conversation.turns().isEmpty()) {
            add.accept("turns", "a conversation needs at least one user turn");
        } else if (conversation.turns().size() > MAX_TURNS) {
            add.accept("turns", conversation.turns().size() + " turns is more than " + MAX_TURNS);
        }
        for (int t = 0; t < conversation.turns().size(); t++) {
            var user = conversation.turns().get(t).user();
            if (user == null || user.isBlank()) {
                add.accept("turns[" + t + "].user", "is required: the user's text");
            }
        }
    }

    /**
     * Conversations made up from a seed: each user turn asks about one of a few topics in words of that topic, so
     * that turns on the same topic are alike (what selective memory keeps) and others are not. Each word is about
     * one token.
     */
    private static List<Conversation> synthetic(ExperimentPlan.Synthetic spec, long seed, List<Problem> problems) {
        range(problems, "conversations.synthetic.sessions", spec.sessions(), 1, 10_000);
        range(problems, "conversations.synthetic.turns", spec.turns(), 1, MAX_TURNS);
        range(problems, "conversations.synthetic.userTokens", spec.userTokens(), 1, 100_000);
        range(problems, "conversations.synthetic.growthTokens", spec.growthTokens(), 0, 100_000);
        if (!problems.isEmpty()) {
            return List.of();
        }
        var random = new SplittableRandom(seed);
        var conversations = new ArrayList<Conversation>();
        for (int s = 0; s < spec.sessions(); s++) {
            var turns = new ArrayList<Conversation.Turn>();
            for (int t = 0; t < spec.turns(); t++) {
                var topic = TOPICS[random.nextInt(TOPICS.length)];
                int words = spec.userTokens() + t * spec.growthTokens();
                var text = new StringBuilder("About ").append(topic[0]).append(':');
                for (int w = 1; w < words; w++) {
                    text.append(' ').append(topic[1 + random.nextInt(topic.length - 1)]);
                }
                turns.add(new Conversation.Turn(text.append('?').toString(), null));
            }
            conversations.add(new Conversation("synthetic-" + (s + 1), null, turns));
        }
        return conversations;
    }

    private static void range(List<Problem> problems, String path, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(Problem.at(path, value + " is outside [" + min + ", " + max + "]"));
        }
    }

    /** A topic's name, then its words. */
    private static final String[][] TOPICS = {
            {"billing", "invoice", "price", "card", "refund", "charge", "plan", "month", "tax", "payment", "bill"},
            {"shipping", "parcel", "box", "truck", "address", "delivery", "week", "track", "route", "post", "door"},
            {"accounts", "password", "login", "email", "name", "reset", "user", "profile", "code", "phone", "lock"},
            {"returns", "return", "broken", "size", "color", "swap", "store", "label", "back", "item", "shoe"},
    };
}
