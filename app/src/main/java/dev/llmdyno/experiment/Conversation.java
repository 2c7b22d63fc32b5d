package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One conversation a session plays (docs/conversations.md): its user turns in order, each with the answer it should
 * get where the dataset knows it ({@code reference}, the checks' {@code {{reference}}}), and a system prompt of its
 * own (null: the profile's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "system", "turns"})
public record Conversation(String id, String system, List<Turn> turns) {

    public Conversation {
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    /** A user turn; written as a plain string where it has no reference answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Turn(String user, String reference) {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Turn of(String user) {
            return new Turn(user, null);
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        static Turn of(@com.fasterxml.jackson.annotation.JsonProperty("user") String user,
                       @com.fasterxml.jackson.annotation.JsonProperty("reference") String reference) {
            return new Turn(user, reference);
        }
    }
}
