package dev.llmdyno.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The system prompt, the conversation and the values of its {@code {{variables}}}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"system", "messages", "variables"})
public record Prompt(String system, List<Message> messages, Map<String, String> variables) {

    public static final Prompt EMPTY = new Prompt(null, null, null);

    public Prompt {
        system = system == null ? "" : system;
        messages = messages == null ? List.of() : List.copyOf(messages);
        variables = variables == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    public static Prompt of(String system, String userMessage) {
        return new Prompt(system, List.of(Message.user(userMessage)), Map.of());
    }

    /** This prompt's variable values with {@code overrides} taking their place. */
    public Map<String, String> variablesWith(Map<String, String> overrides) {
        var values = new LinkedHashMap<>(variables);
        values.putAll(overrides);
        return values;
    }

    /** The prompt with every variable filled from its own values, overridden by {@code overrides}. */
    public Prompt render(Map<String, String> overrides) {
        var values = variablesWith(overrides);
        var rendered = new ArrayList<Message>(messages.size());
        for (var message : messages) {
            rendered.add(message.withContent(Template.render(message.content(), values)));
        }
        return new Prompt(Template.render(system, values), rendered, Map.of());
    }

    public Prompt render() {
        return render(Map.of());
    }

    /**
     * The prompt with {@code line} before everything else (the system prompt, or the first message where there is
     * none): a prefix no provider has cached, whatever it cached of this prompt before.
     */
    public Prompt prefixedWith(String line) {
        if (!system.isEmpty() || messages.isEmpty()) {
            return withSystem(system.isEmpty() ? line : line + "\n" + system);
        }
        var shifted = new ArrayList<>(messages);
        shifted.set(0, messages.getFirst().withContent(line + "\n" + messages.getFirst().content()));
        return withMessages(shifted);
    }

    public Prompt withSystem(String value) {
        return new Prompt(value, messages, variables);
    }

    public Prompt withMessages(List<Message> value) {
        return new Prompt(system, value, variables);
    }

    public Prompt withVariables(Map<String, String> value) {
        return new Prompt(system, messages, value);
    }
}
