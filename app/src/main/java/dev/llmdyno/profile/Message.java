package dev.llmdyno.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** One turn of the conversation; the system prompt lives apart in {@link Prompt#system()}. */
public record Message(Role role, String content) {

    public enum Role {
        USER, ASSISTANT;

        @JsonValue
        public String id() {
            return name().toLowerCase();
        }

        @JsonCreator
        public static Role fromId(String id) {
            for (var role : values()) {
                if (role.id().equalsIgnoreCase(id)) {
                    return role;
                }
            }
            throw new IllegalArgumentException("'" + id + "' is not a message role; use user or assistant");
        }
    }

    public Message {
        role = role == null ? Role.USER : role;
        content = content == null ? "" : content;
    }

    public static Message user(String content) {
        return new Message(Role.USER, content);
    }

    public static Message assistant(String content) {
        return new Message(Role.ASSISTANT, content);
    }

    public Message withContent(String newContent) {
        return new Message(role, newContent);
    }
}
