package dev.llmdyno.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmdyno.profile.Mappers;

/** JSON output of commands run with {@code --json}. */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        try {
            return Mappers.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("output could not be written as JSON", e);
        }
    }
}
