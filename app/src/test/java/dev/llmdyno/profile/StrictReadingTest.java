package dev.llmdyno.profile;

import dev.llmdyno.sim.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Hand-written files that are wrong in the ways people get them wrong: every problem named, never a Java error. */
class StrictReadingTest {

    @TempDir
    Path folder;

    private InvalidInputException profileProblems(String yaml) throws Exception {
        var file = Files.writeString(folder.resolve("p.yaml"), yaml);
        return catchThrowableOfType(InvalidInputException.class, () -> new ProfileIO().read(file));
    }

    @Test
    void everyWrongTypeIsReportedInOnePassWithItsField() throws Exception {
        var e = profileProblems("params: {temperature: hot, topP: [1], seed: true}\n"
                + "prompt: {messages: [{role: user, content: hi}]}\n");
        assertThat(e.problems()).extracting(Problem::path).contains("params.temperature", "params.topP", "params.seed");
        assertThat(e.getMessage()).contains("params.temperature: expected a number (line 1",
                "params.seed: expected a whole number");
    }

    @Test
    void wrongTypesAndBrokenRulesComeInOneReport() throws Exception {
        var e = profileProblems("params: {temperature: hot, topP: 7}\nprompt: {messages: []}\n");
        assertThat(e.problems()).extracting(Problem::path)
                .contains("params.temperature", "params.topP", "prompt.messages");
    }

    @Test
    void aNumberOutOfRangeNamesItsField() throws Exception {
        var e = profileProblems("params: {maxTokens: 99999999999}\nprompt: {messages: [{role: user, content: hi}]}\n");
        assertThat(e.getMessage()).contains("params.maxTokens: 99999999999 is out of range (the most is 2147483647)");
    }

    @Test
    void nullWhereAValueBelongsIsNamedNotAJavaError() throws Exception {
        var e = profileProblems("prompt: {messages: [null]}\n");
        assertThat(e.getMessage()).contains("prompt", "null is not allowed").doesNotContain("Exception", ": input");
    }

    @Test
    void aKeyGivenTwiceIsAnError() throws Exception {
        var e = profileProblems("model: sim-fast\nmodel: sim-balanced\nprompt: {messages: [{role: user, content: hi}]}\n");
        assertThat(e.getMessage()).contains("model: is given twice; keep one (line 2");
    }

    @Test
    void textThatIsNotUtf8SaysWhereInsteadOfAnInputLength() throws Exception {
        var file = folder.resolve("latin1.yaml");
        Files.write(file, "model: sim-fast\nname: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        var e = catchThrowableOfType(InvalidInputException.class, () -> new ProfileIO().read(file));
        assertThat(e.getMessage()).contains("not UTF-8", "0xE9", "line 2").doesNotContain("Input length");
    }

    @Test
    void simulatorConfigsNestedOrNullAreReportedByPath() throws Exception {
        var nested = Files.writeString(folder.resolve("nested.yaml"), "models: [{id: m, ttftMs: {a: {b: [1, [2]]}}}]\n");
        var e = catchThrowableOfType(InvalidInputException.class, () -> SimConfig.read(nested));
        assertThat(e.getMessage()).contains("models[0].ttftMs", "expected a number");
        var nulls = Files.writeString(folder.resolve("nulls.yaml"), "models: [null]\n");
        var n = catchThrowableOfType(InvalidInputException.class, () -> SimConfig.read(nulls));
        assertThat(n.getMessage()).contains("models", "null").doesNotContain(": input");
    }
}
