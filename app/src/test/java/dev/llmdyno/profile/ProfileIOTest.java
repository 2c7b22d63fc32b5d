package dev.llmdyno.profile;

import dev.llmdyno.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileIOTest {

    private final ProfileIO io = new ProfileIO(new ProfileValidator(Catalog.builtIn()));

    private Profile parseYaml(String yaml) throws InvalidInputException {
        return io.parse(yaml, Mappers.Format.YAML, "test.yaml");
    }

    private List<String> problemsOf(String text, Mappers.Format format) {
        try {
            io.parse(text, format, "f");
        } catch (InvalidInputException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected problems in:\n" + text);
    }

    @Test
    void missingSectionsTakeTheirDefaults() throws Exception {
        var profile = parseYaml("""
                prompt:
                  messages: [{role: user, content: hi}]
                """);
        assertThat(profile.schemaVersion()).isEqualTo(1);
        assertThat(profile.endpoint().kind()).isEqualTo(ProviderKind.SIMULATOR);
        assertThat(profile.model()).isEqualTo(Profile.DEFAULT_MODEL);
        assertThat(profile.params().maxTokens()).isEqualTo(Params.DEFAULT_MAX_TOKENS);
        assertThat(profile.params().streaming()).isTrue();
        assertThat(profile.levers().retry().maxRetries()).isEqualTo(2);
        assertThat(profile.levers().rateLimit().rpm()).isNull();
    }

    @Test
    void jsonAndYamlRoundTripToTheSameProfile() throws Exception {
        var original = Profile.starter()
                .withModel("gpt-4o-mini")
                .withEndpoint(new Endpoint("Work", ProviderKind.OPENAI, null, "env:OPENAI_API_KEY", null, null))
                .withParams(Params.DEFAULTS.withTemperature(0.2).withStop(List.of("###")).withSeed(42L))
                .withPrompt(new Prompt("sys {{x}}", List.of(Message.user("q {{x}}"), Message.assistant("a")),
                        Map.of("x", "1")));
        for (var format : Mappers.Format.values()) {
            var text = ProfileIO.write(original, format);
            assertThat(io.parse(text, format, "round-trip")).as(format.name()).isEqualTo(original);
        }
    }

    @Test
    void writesAtomicallyAndReadsBackByExtension(@TempDir Path dir) throws Exception {
        var file = dir.resolve("p.yaml");
        ProfileIO.write(Profile.starter(), file);
        assertThat(Files.readString(file)).contains("schemaVersion: 1").doesNotContain("{");
        assertThat(io.read(file)).isEqualTo(Profile.starter());
        try (var names = Files.list(dir)) {
            assertThat(names).containsExactly(file);
        }
    }

    @Test
    void anUnknownFieldIsRejectedWithADidYouMeanAndItsLine() {
        var problems = problemsOf("""
                model: gpt-4o
                params:
                  maxTokens: 100
                  temprature: 0.5
                prompt: {messages: [{role: user, content: hi}]}
                """, Mappers.Format.YAML);
        assertThat(problems).containsExactly(
                "params.temprature: unknown field 'temprature' (did you mean 'temperature'?) (line 4, column 3)");
    }

    @Test
    void malformedJsonReportsLineAndColumn() {
        var problems = problemsOf("{\n  \"model\": \"x\",\n  \"params\": {\"maxTokens\": 1,,}\n}", Mappers.Format.JSON);
        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst()).startsWith("malformed input: ").endsWith("(line 3, column 29)");
    }

    @Test
    void wrongTypesAndUnknownEnumValuesNameTheField() {
        // The first problem is the wrong value; the profile's rules are checked on the rest in the same pass
        // (here: a profile without messages).
        assertThat(problemsOf("{\"params\": {\"maxTokens\": \"many\"}}", Mappers.Format.JSON))
                .first().asString().startsWith("params.maxTokens: expected a whole number");
        assertThat(problemsOf("endpoint: {kind: foo}\n", Mappers.Format.YAML))
                .first().asString().startsWith("endpoint.kind: 'foo' is not a provider kind; use one of simulator, openai");
        assertThat(problemsOf("prompt: {messages: [{role: bot, content: x}]}\n", Mappers.Format.YAML))
                .first().asString()
                .startsWith("prompt.messages[0].role: 'bot' is not a message role");
    }

    @Test
    void anEmptyFileIsAClearError() {
        assertThat(problemsOf("", Mappers.Format.YAML)).containsExactly("the file is empty");
    }

    @Test
    void validationProblemsAreAllReportedTogether() {
        var problems = problemsOf("""
                endpoint: {kind: openai, apiKeyRef: "sk-proj-abcdefghijklmnopqrstuvwxyz0123"}
                model: gpt-4o
                params: {temperature: 3.5, topP: 1.5, maxTokens: 100000}
                prompt: {messages: [{role: user, content: "Hi {{name}}"}]}
                """, Mappers.Format.YAML);
        assertThat(problems).containsExactly(
                "endpoint.apiKeyRef: looks like a key itself; profiles hold only a reference such as env:OPENAI_API_KEY",
                "params.maxTokens: 100000 is more than gpt-4o can produce (16384)",
                "params.temperature: 3.5 is outside [0, 2]",
                "params.topP: 1.5 is outside [0, 1]",
                "prompt.variables: variable {{name}} is used but has no value");
    }
}
