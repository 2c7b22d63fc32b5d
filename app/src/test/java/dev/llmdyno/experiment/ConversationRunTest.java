package dev.llmdyno.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.profile.Mappers;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversation runs against a server the test scripts: each answer is made from the request (so the test knows what
 * the model said), and every request is kept, so what each turn carried is read from the wire itself.
 */
class ConversationRunTest {

    private static final List<String> TURNS = List.of("Hello, my invoice shows a double charge.",
            "The parcel truck never came to my address.", "Back to the invoice: is the charge refunded?",
            "And the parcel, where is the truck now?", "Thanks, that is all.");

    private RecordingChatServer server;
    private List<JsonNode> requests;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingChatServer(body -> {
            var messages = body.get("messages");
            var last = messages.get(messages.size() - 1).get("content").asText();
            if (last.contains("FAIL")) {
                return new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"down\"}}").build();
            }
            boolean summary = messages.get(0).get("content").asText().equals(SessionPlayer.SUMMARY_INSTRUCTION);
            return RecordingChatServer.text(summary ? "SUMMARY of " + last.split("User: ", -1).length + " parts"
                    : answerTo(last));
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** What the scripted model answers to a user turn; the braces must reach the next turn as they are. */
    private static String answerTo(String user) {
        return "Re: " + user + " {{not_a_variable}}";
    }

    private record Played(Experiment experiment, Outcome outcome) {
    }

    private Played run(String context, List<String> turns) throws Exception {
        var plan = Mappers.yaml().readValue("""
                base:
                  endpoint: {name: stub, kind: openai, baseUrl: "%s"}
                  model: gpt-4o-mini
                  params: {maxTokens: 300, stream: false}
                  prompt: {system: "You are a support agent."}
                  levers: {retry: {maxRetries: 0}%s}
                conversations:
                  sessions: [{id: chat, turns: %s}]
                repetitions: 1
                warmup: 0
                """.formatted(server.baseUrl(), context, Mappers.json().writeValueAsString(turns)),
                ExperimentPlan.class);
        var experiment = new Plans(Experiments.CATALOG).resolve(plan, null, "plan");
        try (var engine = Experiments.engine()) {
            var run = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { });
            var outcome = run.run();
            assertThat(run.progress().done()).isEqualTo(run.progress().total());
            requests = server.bodies();
            return new Played(experiment, outcome);
        }
    }

    /** The user and assistant texts of a request after its system prompt, in order. */
    private static List<String> history(JsonNode request) {
        var texts = new ArrayList<String>();
        request.get("messages").forEach(message -> {
            if (!message.get("role").asText().equals("system")) {
                texts.add(message.get("content").asText());
            }
        });
        return texts;
    }

    private static String system(JsonNode request) {
        return request.get("messages").get(0).get("content").asText();
    }

    @Test
    void keepingAllSendsEveryEarlierTurnWithTheModelsOwnAnswerAsItWas() throws Exception {
        var outcome = run("", TURNS).outcome();
        assertThat(requests).hasSize(5);
        for (int turn = 0; turn < TURNS.size(); turn++) {
            var expected = new ArrayList<String>();
            for (int earlier = 0; earlier < turn; earlier++) {
                expected.add(TURNS.get(earlier));
                expected.add(answerTo(TURNS.get(earlier)));
            }
            expected.add(TURNS.get(turn));
            assertThat(history(requests.get(turn))).as("turn " + turn).isEqualTo(expected);
            assertThat(system(requests.get(turn))).isEqualTo("You are a support agent.");
        }
        assertThat(outcome.samples()).extracting(Sample::turn).containsExactly(0, 1, 2, 3, 4);
        assertThat(outcome.samples()).noneMatch(Sample::summary);
    }

    @Test
    void aWindowSendsOnlyTheLastTurns() throws Exception {
        run(", context: {strategy: window, keepTurns: 2}", TURNS);
        assertThat(history(requests.get(1))).containsExactly(TURNS.get(0), answerTo(TURNS.get(0)), TURNS.get(1));
        assertThat(history(requests.get(4))).containsExactly(TURNS.get(2), answerTo(TURNS.get(2)), TURNS.get(3),
                answerTo(TURNS.get(3)), TURNS.get(4));
    }

    @Test
    void selectiveMemoryKeepsTheTurnsMostLikeTheCurrentOne() throws Exception {
        run(", context: {strategy: selective, keepTurns: 1}", TURNS);
        // Turn 2 is about the invoice again: it carries turn 0 (the invoice), not turn 1 (the parcel).
        assertThat(history(requests.get(2))).containsExactly(TURNS.get(0), answerTo(TURNS.get(0)), TURNS.get(2));
        // Turn 3 asks about the parcel: turn 1 it is.
        assertThat(history(requests.get(3))).containsExactly(TURNS.get(1), answerTo(TURNS.get(1)), TURNS.get(3));
    }

    @Test
    void aSummaryFoldsTheOldestTurnsWithItsOwnModelAndIsPricedApart() throws Exception {
        var played = run(", context: {strategy: summarise, keepTurns: 2, summaryModel: gpt-4.1-nano}", TURNS);
        var outcome = played.outcome();
        // Turns 0-3 go whole; before turn 4, four exchanges are held, so the oldest two are folded into a summary.
        assertThat(requests).hasSize(6);
        var summary = requests.get(4);
        assertThat(summary.get("model").asText()).isEqualTo("gpt-4.1-nano");
        assertThat(summary.get("max_completion_tokens").asInt()).isEqualTo(SessionPlayer.SUMMARY_MAX_TOKENS);
        var transcript = history(summary).getFirst();
        assertThat(transcript).contains(TURNS.get(0), answerTo(TURNS.get(0)), TURNS.get(1)).doesNotContain(TURNS.get(2));
        var turn4 = requests.get(5);
        assertThat(system(turn4)).isEqualTo("You are a support agent.\n\nSummary of the conversation so far: "
                + "SUMMARY of 3 parts");
        assertThat(history(turn4)).containsExactly(TURNS.get(2), answerTo(TURNS.get(2)), TURNS.get(3),
                answerTo(TURNS.get(3)), TURNS.get(4));

        var summarySample = outcome.samples().stream().filter(Sample::summary).findFirst().orElseThrow();
        assertThat(summarySample.turn()).isEqualTo(4);
        assertThat(summarySample.costUsd()).isPositive();
        var experiment = played.experiment();
        var report = ConversationReport.of(experiment, outcome.samples());
        var session = report.sessions().getFirst();
        assertThat(session.summaryCalls()).isEqualTo(1);
        assertThat(session.meanSummaryCostUsd()).isEqualTo(summarySample.costUsd());
        assertThat(session.meanCostUsd()).isEqualTo(outcome.samples().stream().mapToDouble(Sample::costUsd).sum(),
                org.assertj.core.data.Offset.offset(1e-12));
        // The variant's own figures are its turns only.
        var results = Analyzer.analyze(experiment, outcome);
        assertThat(results.variants().getFirst().requests()).isEqualTo(5);
    }

    /**
     * On the simulator, which speaks the Responses API: a session whose provider carries the conversation
     * ({@code previous_response_id}) is billed for the same input, turn by turn, as one that sends it all.
     */
    @Test
    void underServerTheProviderCarriesTheConversationAndBillsItAsIfSent() throws Exception {
        var experiment = Experiments.parse("""
                variants: [{name: all}, {name: server, overrides: {levers: {context: {strategy: server}}}}]
                conversations: {sessions: [{turns: ["%s", "%s", "%s", "%s"]}]}
                repetitions: 1
                warmup: 0
                """.formatted(TURNS.get(0), TURNS.get(1), TURNS.get(2), TURNS.get(3)));
        Outcome outcome;
        try (var engine = Experiments.engine()) {
            outcome = new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
        }
        assertThat(outcome.samples()).hasSize(8).allMatch(Sample::ok);
        java.util.function.IntFunction<List<Integer>> inputs = variant -> outcome.samples().stream()
                .filter(s -> s.variant() == variant).sorted(java.util.Comparator.comparing(Sample::turn))
                .map(Sample::inputTokens).toList();
        assertThat(inputs.apply(1)).isEqualTo(inputs.apply(0));
        assertThat(inputs.apply(1).getLast()).isGreaterThan(inputs.apply(1).getFirst() * 3);
    }

    /** What goes on the wire under {@code server}: the new turn alone, naming the last answer's response. */
    @Test
    void underServerEachTurnSendsOnlyItsOwnTextAndTheResponseItContinues() throws Exception {
        try (var responses = new RecordingChatServer(body -> RecordingChatServer.response("resp_" + body.get("input")
                .get(0).get("content").asText().length(), "ok"))) {
            var plan = Mappers.yaml().readValue("""
                    base:
                      endpoint: {name: stub, kind: openai, baseUrl: "%s"}
                      model: gpt-4o-mini
                      params: {maxTokens: 50, stream: false}
                      prompt: {system: "You are a support agent."}
                      levers: {context: {strategy: server}}
                    conversations: {sessions: [{turns: ["first", "second turn"]}]}
                    repetitions: 1
                    warmup: 0
                    """.formatted(responses.baseUrl()), ExperimentPlan.class);
            var experiment = new Plans(Experiments.CATALOG).resolve(plan, null, "plan");
            try (var engine = Experiments.engine()) {
                new ExperimentRun(engine, Experiments.CATALOG, experiment, List.of(), sample -> { }).run();
            }
            var bodies = responses.bodies();
            assertThat(bodies).hasSize(2);
            assertThat(bodies.get(0).has("previous_response_id")).isFalse();
            assertThat(bodies.get(1).get("previous_response_id").asText()).isEqualTo("resp_5");
            assertThat(bodies.get(1).get("input")).hasSize(1);
            assertThat(bodies.get(1).get("input").get(0).get("content").asText()).isEqualTo("second turn");
            assertThat(bodies.get(1).get("instructions").asText()).isEqualTo("You are a support agent.");
        }
    }

    @Test
    void aFailedTurnEndsItsSessionAndTheTurnsAfterItAreNotSent() throws Exception {
        var outcome = run("", List.of("first", "second FAIL", "third")).outcome();
        assertThat(requests).hasSize(2);
        assertThat(outcome.samples()).extracting(Sample::ok).containsExactly(true, false);
        assertThat(outcome.status()).isEqualTo(Outcome.Status.COMPLETED);
    }
}
