package dev.llmdyno.catalog;

import dev.llmdyno.profile.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CatalogTest {

    private final Catalog catalog = Catalog.builtIn();

    @Test
    void shipsTheSimulatorsModelsOnePerTierWithPrices() {
        for (var tier : Tier.values()) {
            assertThat(catalog.models(tier)).filteredOn(m -> "simulator".equals(m.provider()))
                    .singleElement().satisfies(model -> assertThat(model.price()).isNotNull());
        }
    }

    @Test
    void everyEntryHasAContextWindowAnEncodingAndAnAsOfDate() {
        assertThat(catalog.models()).hasSizeGreaterThan(20).allSatisfy(model -> {
            assertThat(model.contextWindow()).isPositive();
            assertThat(model.maxOutputTokens()).isPositive();
            assertThat(model.encoding()).isIn("cl100k_base", "o200k_base");
            assertThat(model.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        });
        assertThat(catalog.models()).extracting(ModelInfo::provider)
                .contains("openai", "anthropic", "gemini", "ollama", "simulator");
    }

    @Test
    void datedSnapshotsAndProviderPrefixesFindTheirFamily() {
        assertThat(catalog.find("gpt-4o-2024-08-06")).map(ModelInfo::id).contains("gpt-4o");
        assertThat(catalog.find("gpt-4o-mini-2024-07-18")).map(ModelInfo::id).contains("gpt-4o-mini");
        assertThat(catalog.find("openai/gpt-4o")).map(ModelInfo::id).contains("gpt-4o");
        assertThat(catalog.find("no-such-model")).isEmpty();
    }

    @Test
    void aUserFileAddsAndOverridesModels(@TempDir Path dir) throws Exception {
        var file = dir.resolve("models.yaml");
        Files.writeString(file, """
                asOf: "2026-01-01"
                models:
                  - {provider: openai, id: gpt-4o, tier: balanced, contextWindow: 128000, maxOutputTokens: 16384, encoding: o200k_base, price: {input: 1.0, output: 2.0}}
                  - {provider: vllm, id: my-finetune, tier: fast, contextWindow: 8192, maxOutputTokens: 1024, encoding: cl100k_base}
                """);
        var merged = Catalog.load(file);
        assertThat(merged.find("gpt-4o").orElseThrow().price().input()).isEqualTo(1.0);
        assertThat(merged.find("gpt-4o").orElseThrow().asOf()).isEqualTo("2026-01-01");
        assertThat(merged.find("my-finetune")).isPresent();
        assertThat(merged.find("my-finetune").orElseThrow().knownPrice()).isEmpty();
        assertThat(merged.models()).hasSize(catalog.models().size() + 1);
    }

    @Test
    void aBrokenUserFileIsReportedWithItsPath(@TempDir Path dir) throws Exception {
        var file = dir.resolve("models.yaml");
        Files.writeString(file, "models:\n  - {id: x, tier: turbo}\n");
        assertThatThrownBy(() -> Catalog.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("models.yaml: models[0].tier: 'turbo' is not a tier");
    }

    @Test
    void costUsesInputCachedInputAndOutputPrices() {
        var model = catalog.find("gpt-4o").orElseThrow(); // 2.50 in, 1.25 cached, 10.00 out per 1M
        var usd = Cost.usd(model, new TokenUsage(1_000_000, 400_000, 0, 100_000, 20_000));
        assertThat(usd.getAsDouble()).isCloseTo(600_000 * 2.5e-6 + 400_000 * 1.25e-6 + 100_000 * 10e-6, within(1e-9));
    }

    @Test
    void anthropicCacheWritesCostAQuarterMoreThanInputAndReadsATenth() {
        // Anthropic's published prices for Claude Sonnet 4.5: $3 input, $3.75 5-minute cache write, $0.30 cache hit.
        var model = catalog.find("claude-sonnet-4-5").orElseThrow();
        var usd = Cost.usd(model, new TokenUsage(10_000, 2_000, 5_000, 100, 0));
        assertThat(usd.getAsDouble()).isCloseTo(3_000 * 3e-6 + 2_000 * 0.30e-6 + 5_000 * 3.75e-6 + 100 * 15e-6,
                within(1e-12));
        var openAi = catalog.find("gpt-4o").orElseThrow();
        assertThat(Cost.usd(openAi, new TokenUsage(1_000, 0, 1_000, 0, 0)).getAsDouble())
                .as("a write without a write price costs what input does").isCloseTo(1_000 * 2.5e-6, within(1e-12));
    }

    @Test
    void costOfAModelWithoutPriceIsUnknownNotZero() {
        var unpriced = new ModelInfo("vllm", "x", Tier.FAST, 1000, 100, "cl100k_base", false, null, null);
        assertThat(Cost.usd(unpriced, TokenUsage.of(10, 10))).isEmpty();
        assertThat(Cost.format(Cost.usd(unpriced, TokenUsage.of(10, 10)))).isEqualTo("unknown");
        var local = catalog.find("llama3.1:8b").orElseThrow();
        assertThat(Cost.usd(local, TokenUsage.of(10, 10))).hasValue(0.0);
    }

    @Test
    void estimateGivesInputAndWorstCase() {
        var model = catalog.find("sim-balanced").orElseThrow(); // 1.00 in, 4.00 out
        var estimate = Cost.estimate(model, 1_000, 500);
        assertThat(estimate.input().getAsDouble()).isCloseTo(0.001, within(1e-12));
        assertThat(estimate.worstCase().getAsDouble()).isCloseTo(0.003, within(1e-12));
    }
}
