package dev.llmdyno.checks;

import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Problem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each check passing the answer it should and failing the one it should not; bad checks named with their path. */
class ChecksTest {

    private static Check check(String yaml) {
        try {
            return Mappers.yaml().readValue(yaml, Check.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean passes(String yaml, String answer) {
        var problems = new ArrayList<Problem>();
        var checks = Checks.of(List.of(check(yaml)), "checks", problems);
        assertThat(problems).isEmpty();
        return checks.failed(answer, Map.of("capital", "Paris")).isEmpty();
    }

    @Test
    void everyTypePassesWhatItShouldAndFailsWhatItShouldNot() {
        assertThat(passes("{type: contains, value: Paris}", "It is Paris.")).isTrue();
        assertThat(passes("{type: contains, value: Paris}", "It is paris.")).isFalse();
        assertThat(passes("{type: icontains, value: PARIS}", "It is paris.")).isTrue();
        assertThat(passes("{type: not-contains, value: sorry}", "Paris.")).isTrue();
        assertThat(passes("{type: not-contains, value: sorry}", "I am sorry.")).isFalse();
        assertThat(passes("{type: not-icontains, value: SORRY}", "I am sorry.")).isFalse();
        assertThat(passes("{type: starts-with, value: 'Yes'}", "  Yes, it is.")).isTrue();
        assertThat(passes("{type: regex, value: '\\d{4}'}", "In 1889.")).isTrue();
        assertThat(passes("{type: regex, value: '\\d{4}'}", "Long ago.")).isFalse();
        assertThat(passes("{type: not-regex, value: '(?i)as an ai'}", "As an AI, I cannot.")).isFalse();
        // A value may name the dataset's columns (or the prompt's variables): the reference answer.
        assertThat(passes("{type: equals, value: '{{capital}}'}", " Paris\n")).isTrue();
        assertThat(passes("{type: equals, value: '{{capital}}'}", "Paris, France")).isFalse();
        assertThat(passes("{type: levenshtein, value: '{{capital}}', threshold: 1}", "Pariss")).isTrue();
        assertThat(passes("{type: levenshtein, value: '{{capital}}', threshold: 1}", "Parsis!")).isFalse();
        assertThat(passes("{type: length, min: 3, max: 6}", "Paris")).isTrue();
        assertThat(passes("{type: length, max: 4}", "Paris")).isFalse();
        assertThat(passes("{type: is-json}", "```json\n{\"city\": \"Paris\"}\n```")).isTrue();
        assertThat(passes("{type: is-json}", "{city: Paris}")).isFalse();
        var schema = "{type: is-json, value: {type: object, required: [city], properties: {city: {type: string}}}}";
        assertThat(passes(schema, "{\"city\": \"Paris\"}")).isTrue();
        assertThat(passes(schema, "{\"town\": \"Paris\"}")).isFalse();
    }

    @Test
    void failedChecksAreNamedByTheirIndex() {
        var checks = Checks.of(List.of(check("{type: contains, value: Paris}"), check("{type: length, max: 3}"),
                check("{type: not-contains, value: London}")), "checks", new ArrayList<>());
        assertThat(checks.failed("Paris, not London", Map.of())).containsExactly(1, 2);
        assertThat(check("{type: length, min: 3, max: 6}").label()).isEqualTo("length ≥ 3 ≤ 6");
        assertThat(check("{type: contains, value: Paris, name: names the city}").label()).isEqualTo("names the city");
    }

    @Test
    void badChecksNameThePathAndTheRule() {
        var problems = new ArrayList<Problem>();
        Checks.of(List.of(check("{type: containz, value: x}"), check("{type: regex, value: '(unclosed'}"),
                check("{type: length}"), check("{type: is-json, value: [1]}"), check("{type: contains}")),
                "checks", problems);
        assertThat(problems).extracting(Problem::toString).satisfiesExactly(
                p -> assertThat(p).startsWith("checks[0].type: 'containz' is not a check; use contains, icontains"),
                p -> assertThat(p).startsWith("checks[1].value: '(unclosed' is not a regular expression"),
                p -> assertThat(p).isEqualTo("checks[2]: a length check needs min, max or both (characters)"),
                p -> assertThat(p).startsWith("checks[3].value: is a JSON Schema"),
                p -> assertThat(p).isEqualTo("checks[4].value: is required: the text to look for"));
    }

}
