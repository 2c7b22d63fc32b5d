package dev.llmdyno.experiment;

import dev.llmdyno.profile.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Conversation plans as people write them: every problem named by its field, and in a file by its line. */
class ConversationPlansTest {

    private static Experiment read(Path dir, String body) throws Exception {
        var plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                base:
                  model: sim-fast
                  params: {maxTokens: 16}
                  prompt: {system: "Be brief."}
                """ + body);
        return new Plans(Experiments.CATALOG).read(plan);
    }

    private static List<String> problems(Path dir, String body) {
        var problems = new java.util.ArrayList<String>();
        assertThatThrownBy(() -> read(dir, body)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> e.problems().forEach(problem -> problems.add(problem.toString())));
        return problems;
    }

    @Test
    void aFileOfConversationsIsReadWithItsTurnsAndReferences(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("chats.jsonl"), """
                {"id": "a", "system": "You sell shoes.", "turns": ["Hi", {"user": "Size 42?", "reference": "42"}]}

                {"turns": ["One question only"]}
                """);
        var experiment = read(dir, "conversations: {file: chats.jsonl, thinkTimeMs: 50}\n");
        assertThat(experiment.conversations()).hasSize(2);
        assertThat(experiment.conversations().getFirst().turns()).containsExactly(
                new Conversation.Turn("Hi", null), new Conversation.Turn("Size 42?", "42"));
        // The stored plan carries the conversations themselves, so a resumed run needs no file.
        var again = new Plans(Experiments.CATALOG).fromJson(dev.llmdyno.profile.Mappers.json()
                .writeValueAsString(experiment.plan()), "stored");
        assertThat(again.conversations()).isEqualTo(experiment.conversations());
        assertThat(again.plan().conversations().thinkTimeMs()).isEqualTo(50);
        // One session per conversation per variant and repetition; the reference is the turn's {{reference}}.
        var trials = Schedule.of(again);
        assertThat(trials).hasSize(1 + 3 * 20); // one warm-up first turn, then 20 repetitions of 3 turns
        var referenced = trials.stream().filter(t -> !t.warmup() && t.row() == 0 && t.turn() == 1).findFirst().orElseThrow();
        assertThat(again.variables(referenced)).containsEntry("reference", "42");
    }

    @Test
    void badLinesAreNamedByFileLineAndField(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("chats.jsonl"), """
                {"turns": ["fine"]}
                {"turns": ["fine", {"user": ""}], "topic": "x"}
                not json
                {"turns": []}
                {"id": "no turns"}
                """);
        assertThat(problems(dir, "conversations: {file: chats.jsonl}\n")).containsExactlyInAnyOrder(
                "conversations.file: chats.jsonl: topic: is not a field of a conversation; use id, system, turns (line 2, column 1)",
                "conversations.file: chats.jsonl: turns[1].user: is required: the user's text (line 2, column 1)",
                "conversations.file: chats.jsonl: malformed JSON: Unrecognized token 'not': was expecting (JSON String, "
                        + "Number, Array, Object or token 'null', 'true' or 'false') (line 3, column 1)",
                "conversations.file: chats.jsonl: turns: a conversation needs at least one user turn (line 4, column 1)",
                "conversations.file: chats.jsonl: turns: is required: a list of user turns (line 5, column 1)");
    }

    @Test
    void sessionsPlayClosedLoopAndStrategiesNeedConversations(@TempDir Path dir) {
        assertThat(problems(dir, """
                conversations: {sessions: [{turns: [hi]}], thinkTimeMs: -1}
                arrival: {mode: poisson, rate: 2}
                """)).containsExactlyInAnyOrder(
                "conversations.thinkTimeMs: -1 is outside [0, 3600000]",
                "arrival.mode: conversations play as sessions, each turn sent when the last is answered: use "
                        + "sequential, concurrency (sessions at once) or a sweep over concurrency");
        assertThat(problems(dir, """
                prompt: {messages: [{role: user, content: hi}]}
                variants: [{name: w, overrides: {levers: {context: {strategy: window}}}}]
                """.replace("prompt: {messages: [{role: user, content: hi}]}\n", "")))
                .anySatisfy(problem -> assertThat(problem).startsWith("variants[0].levers.context.strategy: window "
                        + "shapes the history of a conversation, and this plan has none"));
        assertThat(problems(dir, """
                conversations: {sessions: [{turns: [hi]}]}
                variants: [{name: w, overrides: {levers: {context: {keepTurns: 0, summaryModel: sim-fast}}}}]
                """)).contains("variants[0].levers.context.keepTurns: 0 must be at least 1",
                "variants[0].levers.context.keepTurns: is only used with strategy window, summarise or selective",
                "variants[0].levers.context.summaryModel: is only used with strategy summarise");
        assertThat(problems(dir, """
                conversations: {sessions: [{turns: [hi]}]}
                variants: [{name: p, overrides: {levers: {promptCache: {prepare: prime}}}}]
                """)).containsExactly("variants[0].levers.promptCache.prepare: prime sends the profile's own prompt "
                + "first, which a conversation run does not send; use as-is, flush or miss");
        assertThat(problems(dir, """
                conversations: {sessions: [{turns: [hi]}], synthetic: {sessions: 2}}
                """)).containsExactly("conversations: give exactly one of file, sessions or synthetic");
        assertThat(problems(dir, """
                conversations: {sessions: [{turns: [hi]}]}
                variants:
                  - {name: a, overrides: {endpoint: {name: a, kind: anthropic}, model: claude-haiku-4-5,
                     levers: {context: {strategy: server}}}}
                  - {name: c, overrides: {levers: {context: {strategy: server}, cache: {enabled: true}}}}
                """)).containsExactlyInAnyOrder("variants[0].levers.context.strategy: server needs OpenAI's "
                + "Responses API, which endpoint kind anthropic does not have; use openai, openai-compatible or the "
                + "simulator", "variants[1].levers.context.strategy: server chains each turn to the provider's last "
                + "response, which an answer from the response cache does not have: turn levers.cache off");
        assertThat(problems(dir, """
                conversations: {sessions: [{turns: [" "]}]}
                """)).containsExactly("conversations.sessions[0].turns[0].user: is required: the user's text");
    }

    @Test
    void syntheticConversationsGrowTheirTurnsAsAsked(@TempDir Path dir) throws Exception {
        var experiment = read(dir, "conversations: {synthetic: {sessions: 2, turns: 4, userTokens: 20, growthTokens: 10}}\n");
        var tokenizer = dev.llmdyno.tokens.Tokenizers.forModelOrFallback(Experiments.CATALOG, "sim-fast");
        assertThat(experiment.conversations()).hasSize(2);
        for (var conversation : experiment.conversations()) {
            var lengths = conversation.turns().stream().mapToInt(turn -> tokenizer.count(turn.user())).toArray();
            for (int t = 0; t < lengths.length; t++) {
                // about one token a word, the topic's name and its punctuation aside
                assertThat(lengths[t]).as("turn " + t).isBetween(20 + 10 * t, 20 + 10 * t + 5);
            }
        }
        // The same seed makes the same conversations.
        assertThat(read(dir, "conversations: {synthetic: {sessions: 2, turns: 4, userTokens: 20, growthTokens: 10}}\n")
                .conversations()).isEqualTo(experiment.conversations());
    }
}
