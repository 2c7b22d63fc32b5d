package dev.llmdyno.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.profile.Numbers;

import java.util.ArrayList;
import java.util.List;

/** Reading and checking fields of a JSON request body, with the error a provider would send. */
final class RequestFields {

    private RequestFields() {
    }

    static String requiredString(JsonNode body, String field) throws SimError {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            throw SimError.badRequest("Missing required parameter: '" + field + "'.", field);
        }
        if (!node.isTextual()) {
            throw SimError.badRequest("Invalid type for '" + field + "': expected a string.", field);
        }
        return node.asText();
    }

    static Double number(JsonNode body, String field, double min, double max) throws SimError {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw SimError.badRequest("Invalid type for '" + field + "': expected a number.", field);
        }
        double value = node.asDouble();
        if (value < min || value > max) {
            throw SimError.badRequest("Invalid '" + field + "': " + Numbers.format(value) + " is outside ["
                    + Numbers.format(min) + ", " + Numbers.format(max) + "].", field);
        }
        return value;
    }

    static Integer positiveInt(JsonNode body, String field) throws SimError {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
            throw SimError.badRequest("Invalid '" + field + "': expected an integer of at least 1.", field);
        }
        return node.asInt();
    }

    static Long integer(JsonNode body, String field) throws SimError {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw SimError.badRequest("Invalid type for '" + field + "': expected an integer.", field);
        }
        return node.asLong();
    }

    /** vLLM's request {@code priority}: a whole number, lower served first; null when the request sets none. */
    static Integer priority(JsonNode body) throws SimError {
        var value = integer(body, "priority");
        if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            throw SimError.badRequest("Invalid 'priority': expected a 32-bit integer.", "priority");
        }
        return value == null ? null : value.intValue();
    }

    static boolean bool(JsonNode body, String field) throws SimError {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw SimError.badRequest("Invalid type for '" + field + "': expected a boolean.", field);
        }
        return node.asBoolean();
    }

    /** A string, or a list of up to four strings. */
    static List<String> stopSequences(JsonNode body, String field) throws SimError {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray() || node.size() > 4) {
            throw SimError.badRequest("Invalid '" + field + "': expected a string or a list of at most 4 strings.", field);
        }
        var stops = new ArrayList<String>();
        for (var item : node) {
            if (!item.isTextual()) {
                throw SimError.badRequest("Invalid '" + field + "': expected strings.", field);
            }
            stops.add(item.asText());
        }
        return stops;
    }

    /** Message content: a string, or a list of parts of which the text parts count. */
    static String content(JsonNode node, String path) throws SimError {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isArray()) {
            throw SimError.badRequest("Invalid '" + path + "': expected a string or a list of content parts.", path);
        }
        var text = new StringBuilder();
        for (var part : node) {
            if (!part.isObject() || !part.path("type").isTextual()) {
                throw SimError.badRequest("Invalid '" + path + "': each content part needs a type.", path);
            }
            if ("text".equals(part.path("type").asText())) {
                text.append(part.path("text").asText(""));
            }
        }
        return text.toString();
    }

    static JsonNode nonEmptyArray(JsonNode body, String field) throws SimError {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            throw SimError.badRequest("Missing required parameter: '" + field + "'.", field);
        }
        if (!node.isArray() || node.isEmpty()) {
            throw SimError.badRequest("Invalid '" + field + "': expected a non-empty list.", field);
        }
        return node;
    }
}
