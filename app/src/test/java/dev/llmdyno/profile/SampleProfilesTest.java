package dev.llmdyno.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.llmdyno.TestPaths;
import dev.llmdyno.catalog.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped sample profiles parse, validate, and agree with the published JSON Schema. */
class SampleProfilesTest {

    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        var text = Files.readString(TestPaths.profiles().resolve("profile.schema.json"));
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(Mappers.json().readTree(text));
    }

    static Stream<Path> sampleProfiles() throws IOException {
        try (var files = Files.list(TestPaths.profiles())) {
            return files.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$"))
                    .filter(f -> !f.getFileName().toString().endsWith(".schema.json"))
                    .sorted().toList().stream();
        }
    }

    private static List<String> schemaErrors(JsonNode node) {
        return schema.validate(node).stream().map(Error::toString).toList();
    }

    @Test
    void thereIsASampleForTheSimulatorAndForEachMainProviderKind() throws Exception {
        var io = new ProfileIO();
        var kinds = sampleProfiles().map(file -> {
            try {
                return io.read(file).endpoint().kind();
            } catch (Exception e) {
                throw new AssertionError(file + ": " + e.getMessage(), e);
            }
        }).toList();
        assertThat(kinds).contains(ProviderKind.SIMULATOR, ProviderKind.OPENAI, ProviderKind.ANTHROPIC);
    }

    @ParameterizedTest
    @MethodSource("sampleProfiles")
    void sampleValidatesAgainstTheSchemaAndTheValidator(Path file) throws Exception {
        var node = Mappers.forFormat(Mappers.Format.of(file)).readTree(Files.readString(file));
        assertThat(schemaErrors(node)).as(file.toString()).isEmpty();
        new ProfileIO(new ProfileValidator(Catalog.builtIn())).read(file);
    }

    @Test
    void whatTheAppWritesValidatesAgainstTheSchema() throws Exception {
        var written = Mappers.json().readTree(ProfileIO.write(Profile.starter(), Mappers.Format.JSON));
        assertThat(schemaErrors(written)).isEmpty();
    }

    @Test
    void theSchemaRejectsWhatTheValidatorRejects() throws Exception {
        var bad = Mappers.json().readTree("""
                {"schemaVersion": 1, "endpoint": {"kind": "openai", "apiKeyRef": "sk-live-123"}, "model": "m",
                 "params": {"temperature": 3.5, "temprature": 1}, "prompt": {"messages": [{"role": "user", "content": "x"}]}}
                """);
        assertThat(schemaErrors(bad)).hasSizeGreaterThanOrEqualTo(3);
    }

    @org.junit.jupiter.api.Test
    void aRoutedProfileMatchesTheSchemaAndABrokenOneDoesNot() throws IOException {
        var routed = Mappers.yaml().readTree("""
                schemaVersion: 1
                endpoint: {kind: simulator}
                routing:
                  strategy: lowest-latency
                  targets:
                    - {name: near, endpoint: {kind: simulator}, weight: 2}
                    - {name: far, endpoint: {kind: vllm, baseUrl: "http://gpu-box:8000/v1"}, model: qwen}
                  fallback: {onStatus: [429, 503], onTimeout: true, allowedFails: 2, cooldownSeconds: 10}
                model: sim-fast
                prompt: {messages: [{role: user, content: hi}]}
                """);
        assertThat(schemaErrors(routed)).isEmpty();
        var broken = Mappers.yaml().readTree("""
                schemaVersion: 1
                endpoint: {kind: simulator}
                routing: {strategy: fastest, targets: [{name: x, endpoint: {kind: simulator}, weight: 0}]}
                model: sim-fast
                prompt: {messages: [{role: user, content: hi}]}
                """);
        assertThat(schemaErrors(broken)).hasSizeGreaterThanOrEqualTo(2);
    }
}
