package dev.llmdyno.profile;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {

    @Test
    void listsVariablesInOrderOfFirstUse() {
        assertThat(Template.variables("{{b}} and {{ a }} then {{b}}")).containsExactly("b", "a");
    }

    @Test
    void rendersValuesLiterallyEvenWithDollarSigns() {
        assertThat(Template.render("Price: {{p}}", Map.of("p", "$5 \\o/"))).isEqualTo("Price: $5 \\o/");
    }

    @Test
    void aMissingVariableIsAnErrorThatNamesIt() {
        assertThatThrownBy(() -> Template.render("Hi {{name}}", Map.of()))
                .isInstanceOf(Template.MissingVariableException.class)
                .hasMessage("variable {{name}} has no value");
    }

    @Test
    void promptRenderAppliesOverridesOverItsOwnValues() {
        var prompt = new Prompt("{{a}}", java.util.List.of(Message.user("{{a}}-{{b}}")), Map.of("a", "1", "b", "2"));
        var rendered = prompt.render(Map.of("b", "9"));
        assertThat(rendered.system()).isEqualTo("1");
        assertThat(rendered.messages().getFirst().content()).isEqualTo("1-9");
    }

    @Test
    void secretReferencesParseAndPastedKeysAreRecognised() {
        assertThat(SecretRef.parse("env:OPENAI_API_KEY")).contains(new SecretRef(SecretRef.Scheme.ENV, "OPENAI_API_KEY"));
        assertThat(SecretRef.parse("keyring:openai")).contains(new SecretRef(SecretRef.Scheme.KEYRING, "openai"));
        assertThat(SecretRef.parse("OPENAI_API_KEY")).isEmpty();
        assertThat(SecretRef.looksLikeSecretValue("sk-ant-api03-abcdefghijklmnop")).isTrue();
        assertThat(SecretRef.looksLikeSecretValue("env:OPENAI_API_KEY")).isFalse();
    }
}
