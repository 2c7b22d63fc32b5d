package dev.llmdyno.export;

import dev.llmdyno.RealTools;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Profile;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Spring AI export loaded unchanged by Spring AI itself, from Maven Central: 2.0.1 on Boot 4.0.7
 * ({@code spring-ai}) and 1.1.2 on Boot 3.5.7 ({@code spring-ai-1}), built from {@code src/test/spring-ai/}.
 * Every key must be one Spring declares, the application must start without a warning, and its chat model must
 * call the engine's address with the key and retry as exported.
 */
class SpringAiExportTest {

    private static final Exporters EXPORTERS = new Exporters(Catalog.builtIn());
    private static final String KEY = "test-key-5a7e2";
    private static final Map<String, String> CLASSPATHS = new HashMap<>();

    /** Builds both check applications once: their classes and the classpath Maven resolves for them. */
    @BeforeAll
    static void build() throws Exception {
        var root = RealTools.repositoryRoot();
        for (var line : List.of("1.x", "2.x")) {
            var target = root.resolve("app/target/spring-ai-" + line);
            var classpathFile = target.resolve("classpath.txt");
            var build = RealTools.run(root, Map.of(), List.of(root.resolve("mvnw").toString(), "-B", "-ntp", "-q",
                    "-f", "app/src/test/spring-ai/" + line + "/pom.xml", "compile", "dependency:build-classpath",
                    "-Dmdep.outputFile=" + classpathFile));
            assertThat(build.exitCode()).as(build.output()).isZero();
            CLASSPATHS.put(line, target.resolve("classes") + java.io.File.pathSeparator + Files.readString(classpathFile).strip());
        }
    }

    static Stream<Arguments> linesAndSamples() {
        return Stream.of("spring-ai", "spring-ai-1").flatMap(target -> Stream.of("openai-gpt-4o-mini.yaml",
                "anthropic-claude-haiku.json", "ollama-llama3.yaml", "simulator-quickstart.yaml")
                .map(sample -> Arguments.of(target, sample)));
    }

    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("linesAndSamples")
    void springAiBindsEveryKeyAndCallsTheEnginesAddressWithTheKey(String target, String sample, @TempDir Path dir)
            throws Exception {
        try (var stub = new MockWebServer()) {
            stub.setDispatcher(new StubUpstream.Answers());
            stub.start();
            var profile = StubUpstream.atStub(ExportersTest.sample(sample), stub);
            var run = runExport(target, profile, dir);
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("ANSWER " + StubUpstream.ANSWER).doesNotContain(" WARN ");

            var arrived = stub.takeRequest(5, TimeUnit.SECONDS);
            StubUpstream.assertCalledAsTheEngineCalls(arrived, profile, KEY);
            assertThat(arrived.getBody().utf8()).contains("\"" + profile.model() + "\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spring-ai", "spring-ai-1"})
    void springAiRetriesAsExported(String target, @TempDir Path dir) throws Exception {
        try (var stub = new MockWebServer()) {
            stub.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"busy\"}}").build());
            stub.enqueue(StubUpstream.openAiAnswer());
            stub.start();
            var sample = StubUpstream.atStub(ExportersTest.sample("simulator-quickstart.yaml"), stub);
            var profile = sample.withLevers(new Levers(sample.levers().timeouts(),
                    new Levers.Retry(1, 100, 400, null, null, null), null, null, null, null));
            var run = runExport(target, profile, dir);
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("ANSWER " + StubUpstream.ANSWER);
            assertThat(stub.getRequestCount()).isEqualTo(2);
        }
    }

    private static RealTools.Run runExport(String target, Profile profile, Path dir) throws Exception {
        var file = dir.resolve("application.yml");
        Files.writeString(file, EXPORTERS.exporter(target).orElseThrow().export(profile).text());
        var environment = new HashMap<String, String>();
        if (profile.endpoint().apiKeyRef() != null) {
            environment.put(profile.endpoint().apiKeyRef().substring("env:".length()), KEY);
        }
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var classpath = CLASSPATHS.get(target.equals("spring-ai") ? "2.x" : "1.x");
        return RealTools.run(dir, environment, List.of(java, "-cp", classpath, "check.SpringAiCheck", file.toString()));
    }
}
