package dev.llmdyno.checks;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The checks there are, under promptfoo's names where promptfoo has the same check. */
public enum CheckType {
    CONTAINS("contains"),
    ICONTAINS("icontains"),
    NOT_CONTAINS("not-contains"),
    NOT_ICONTAINS("not-icontains"),
    STARTS_WITH("starts-with"),
    REGEX("regex"),
    NOT_REGEX("not-regex"),
    EQUALS("equals"),
    IS_JSON("is-json"),
    LEVENSHTEIN("levenshtein"),
    LENGTH("length");

    private final String id;

    CheckType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<CheckType> of(String id) {
        return Arrays.stream(values()).filter(type -> type.id.equals(id)).findFirst();
    }

    public static String all() {
        return Arrays.stream(values()).map(CheckType::id).collect(Collectors.joining(", "));
    }
}
