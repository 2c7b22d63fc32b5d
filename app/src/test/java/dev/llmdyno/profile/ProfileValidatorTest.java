package dev.llmdyno.profile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileValidatorTest {

    private final ProfileValidator validator = new ProfileValidator();

    private List<String> problems(Profile profile) {
        return validator.validate(profile).stream().map(Problem::toString).toList();
    }

    @Test
    void theStarterProfileIsValid() {
        assertThat(problems(Profile.starter())).isEmpty();
    }

    @Test
    void temperatureOutsideItsRangeNamesPathValueAndRule() {
        var profile = Profile.starter().withParams(Params.DEFAULTS.withTemperature(3.5));
        assertThat(problems(profile)).containsExactly("params.temperature: 3.5 is outside [0, 2]");
    }

    @Test
    void promptCacheBreakpointsMustNameAPartOfThePromptAndBeFourAtMost() {
        var profile = Profile.starter().withPrompt(new Prompt("", List.of(Message.user("q")), Map.of()))
                .withLevers(Levers.DEFAULTS.withPromptCache(new Levers.PromptCache(
                        List.of("system", "last", "1", "tools", "0"), null)));
        assertThat(problems(profile)).containsExactly(
                "levers.promptCache.breakpoints: 5 breakpoints; Anthropic allows at most 4",
                "levers.promptCache.breakpoints[0]: 'system' marks the system prompt, and the prompt has none",
                "levers.promptCache.breakpoints[2]: message 1 does not exist: the prompt has 1 message (0)",
                "levers.promptCache.breakpoints[3]: 'tools' is not system, last or a message number (0 is the first)");
    }

    @Test
    void aPromptCacheStateIsReadByItsNameAndAWrongOneNamesTheChoices() throws Exception {
        var yaml = "model: sim-fast\nlevers: {promptCache: {breakpoints: [system, 0], prepare: prime}}\n";
        var read = Mappers.yaml().readValue(yaml, Profile.class);
        assertThat(read.levers().promptCache()).isEqualTo(new Levers.PromptCache(List.of("system", "0"),
                Levers.CacheState.PRIME));
        var written = Mappers.yaml().writeValueAsString(read);
        assertThat(written).contains("prepare: prime");
        assertThat(Mappers.yaml().readValue(written, Profile.class)).isEqualTo(read);
        assertThat(Mappers.yaml().writeValueAsString(Profile.starter())).doesNotContain("promptCache");
        assertThatThrownBy(() -> Mappers.yaml().readValue("levers: {promptCache: {prepare: warm}}", Profile.class))
                .hasMessageContaining("'warm' is not a prompt-cache state; use as-is, prime, flush or miss");
    }

    @Test
    void azureNeedsItsDeploymentAndApiVersion() {
        var profile = Profile.starter().withEndpoint(
                new Endpoint(null, ProviderKind.AZURE_OPENAI, "https://x.openai.azure.com", "env:AZURE_KEY", null, null));
        assertThat(problems(profile)).containsExactly(
                "endpoint.deployment: is required for azure-openai",
                "endpoint.apiVersion: is required for azure-openai (for example 2024-10-21)");
    }

    @Test
    void genericServersNeedABaseUrlAndItMustBeHttp() {
        var noUrl = Profile.starter().withEndpoint(
                new Endpoint(null, ProviderKind.OPENAI_COMPATIBLE, null, null, null, null));
        assertThat(problems(noUrl)).containsExactly("endpoint.baseUrl: is required for provider kind openai-compatible");
        var ftp = Profile.starter().withEndpoint(Endpoint.LOCAL_SIMULATOR.withBaseUrl("ftp://host"));
        assertThat(problems(ftp)).containsExactly("endpoint.baseUrl: 'ftp://host' is not an http:// or https:// URL");
    }

    @Test
    void aSecretReferenceMustBeAReference() {
        var notARef = Profile.starter().withEndpoint(
                new Endpoint(null, ProviderKind.OPENAI, null, "OPENAI_API_KEY", null, null));
        assertThat(problems(notARef)).containsExactly(
                "endpoint.apiKeyRef: 'OPENAI_API_KEY' is not a secret reference; write env:NAME or keyring:NAME");
    }

    @Test
    void everyUsedVariableNeedsAValueIncludingInTheSystemPrompt() {
        var prompt = new Prompt("Act as {{persona}}", List.of(Message.user("{{question}}")), Map.of("question", "why?"));
        assertThat(problems(Profile.starter().withPrompt(prompt)))
                .containsExactly("prompt.variables: variable {{persona}} is used but has no value");
    }

    @Test
    void leversAreCheckedToo() {
        var levers = new Levers(new Levers.Timeouts(0, null, null, null),
                new Levers.Retry(11, 1000, 10, null, null, null), new Levers.RateLimit(0, null), null, null, null);
        assertThat(problems(Profile.starter().withLevers(levers))).containsExactly(
                "levers.timeouts.connectMs: 0 must be at least 1",
                "levers.retry.maxRetries: 11 is outside [0, 10]",
                "levers.retry.maxDelayMs: 10 is less than baseDelayMs (1000)",
                "levers.rateLimit.rpm: 0 must be at least 1");
    }

    @Test
    void aProfileNeedsAMessage() {
        assertThat(problems(Profile.starter().withPrompt(Prompt.EMPTY)))
                .containsExactly("prompt.messages: needs at least one message");
    }
}
