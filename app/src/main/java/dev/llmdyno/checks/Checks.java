package dev.llmdyno.checks;

import com.fasterxml.jackson.core.JacksonException;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.Template;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A plan's checks made ready to run on every answer: patterns compiled and schemas loaded once, so a check costs
 * the answer's length and not a parse of its definition. {@link #failed} says which checks an answer failed.
 */
public final class Checks {

    public static final Checks NONE = new Checks(List.of(), List.of());
    private static final double DEFAULT_LEVENSHTEIN = 5;

    private final List<Check> checks;
    private final List<BiPredicate<String, Map<String, String>>> tests;

    private Checks(List<Check> checks, List<BiPredicate<String, Map<String, String>>> tests) {
        this.checks = List.copyOf(checks);
        this.tests = List.copyOf(tests);
    }

    /** Compiles {@code checks}; every problem (a type that does not exist, a bad pattern) goes into {@code problems}. */
    public static Checks of(List<Check> checks, String path, List<Problem> problems) {
        var tests = new ArrayList<BiPredicate<String, Map<String, String>>>();
        for (int i = 0; i < checks.size(); i++) {
            tests.add(compile(checks.get(i), path + "[" + i + "]", problems));
        }
        return new Checks(checks, tests);
    }

    public boolean isEmpty() {
        return checks.isEmpty();
    }

    public List<Check> checks() {
        return checks;
    }

    /** Whether every {@code {{variable}}} the checks name has a value in {@code variables}, so they can judge. */
    public boolean canJudge(Map<String, String> variables) {
        return checks.stream().filter(check -> check.value() != null && check.value().isTextual())
                .flatMap(check -> Template.variables(check.value().asText()).stream())
                .allMatch(variables::containsKey);
    }

    /** The indices of the checks {@code answer} fails, its {@code {{variables}}} taken from {@code variables}. */
    public List<Integer> failed(String answer, Map<String, String> variables) {
        var failed = new ArrayList<Integer>();
        for (int i = 0; i < tests.size(); i++) {
            if (!tests.get(i).test(answer, variables)) {
                failed.add(i);
            }
        }
        return failed;
    }

    private static BiPredicate<String, Map<String, String>> compile(Check check, String path, List<Problem> problems) {
        var type = CheckType.of(check.type());
        if (type.isEmpty()) {
            problems.add(Problem.at(path + ".type", "'" + check.type() + "' is not a check" + promptfooOnly(check.type())
                    + "; use " + CheckType.all()));
            return (answer, variables) -> false;
        }
        return switch (type.get()) {
            case CONTAINS -> text(check, path, problems, (answer, value) -> answer.contains(value));
            case ICONTAINS -> text(check, path, problems, (answer, value) -> lower(answer).contains(lower(value)));
            case NOT_CONTAINS -> text(check, path, problems, (answer, value) -> !answer.contains(value));
            case NOT_ICONTAINS -> text(check, path, problems, (answer, value) -> !lower(answer).contains(lower(value)));
            case STARTS_WITH -> text(check, path, problems, (answer, value) -> answer.strip().startsWith(value));
            case EQUALS -> text(check, path, problems, (answer, value) -> answer.strip().equals(value.strip()));
            case REGEX -> pattern(check, path, problems, true);
            case NOT_REGEX -> pattern(check, path, problems, false);
            case IS_JSON -> json(check, path, problems);
            case LEVENSHTEIN -> levenshtein(check, path, problems);
            case LENGTH -> length(check, path, problems);
        };
    }

    private static BiPredicate<String, Map<String, String>> text(Check check, String path, List<Problem> problems,
                                                                 BiPredicate<String, String> test) {
        if (check.value() == null || !check.value().isValueNode()) {
            problems.add(Problem.at(path + ".value", "is required: the text to look for"));
            return (answer, variables) -> false;
        }
        var value = check.value().asText();
        return (answer, variables) -> test.test(answer, Template.render(value, variables));
    }

    private static BiPredicate<String, Map<String, String>> pattern(Check check, String path, List<Problem> problems,
                                                                    boolean mustMatch) {
        if (check.value() == null || !check.value().isTextual()) {
            problems.add(Problem.at(path + ".value", "is required: a regular expression"));
            return (answer, variables) -> false;
        }
        try {
            var pattern = Pattern.compile(check.value().asText());
            return (answer, variables) -> pattern.matcher(answer).find() == mustMatch;
        } catch (PatternSyntaxException e) {
            problems.add(Problem.at(path + ".value", "'" + check.value().asText() + "' is not a regular expression ("
                    + e.getDescription() + ")"));
            return (answer, variables) -> false;
        }
    }

    /** Valid JSON (a fenced ```json block counts), and where a schema is given, valid against it (JSON Schema 2020-12). */
    private static BiPredicate<String, Map<String, String>> json(Check check, String path, List<Problem> problems) {
        Schema schema = null;
        if (check.value() != null && !check.value().isNull()) {
            if (!check.value().isObject()) {
                problems.add(Problem.at(path + ".value", "is a JSON Schema, written as an object, or left out"));
                return (answer, variables) -> false;
            }
            try {
                schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(check.value());
            } catch (RuntimeException e) {
                problems.add(Problem.at(path + ".value", "is not a JSON Schema (" + e.getMessage() + ")"));
                return (answer, variables) -> false;
            }
        }
        var compiled = schema;
        return (answer, variables) -> {
            try {
                var node = Mappers.json().readTree(unfenced(answer));
                return node != null && !node.isMissingNode() && (compiled == null || compiled.validate(node).isEmpty());
            } catch (JacksonException e) {
                return false;
            }
        };
    }

    private static BiPredicate<String, Map<String, String>> levenshtein(Check check, String path, List<Problem> problems) {
        double threshold = check.threshold() == null ? DEFAULT_LEVENSHTEIN : check.threshold();
        if (!(threshold >= 0)) {
            problems.add(Problem.at(path + ".threshold", threshold + " must be a number of edits, 0 or more"));
        }
        var distance = LevenshteinDistance.getDefaultInstance();
        return text(check, path, problems, (answer, value) -> distance.apply(answer.strip(), value.strip()) <= threshold);
    }

    private static BiPredicate<String, Map<String, String>> length(Check check, String path, List<Problem> problems) {
        if (check.min() == null && check.max() == null) {
            problems.add(Problem.at(path, "a length check needs min, max or both (characters)"));
        } else if (check.min() != null && check.max() != null && check.min() > check.max()) {
            problems.add(Problem.at(path + ".min", check.min() + " is more than max " + check.max()));
        }
        int min = check.min() == null ? 0 : check.min();
        int max = check.max() == null ? Integer.MAX_VALUE : check.max();
        return (answer, variables) -> {
            int length = answer.strip().codePointCount(0, answer.strip().length());
            return length >= min && length <= max;
        };
    }

    /** What to say of a promptfoo assertion type that has no check of the same name here. */
    private static String promptfooOnly(String type) {
        return switch (type == null ? "" : type) {
            case "latency" -> " (promptfoo's latency assertion is the SLO here: slo.latencyMs)";
            case "cost" -> " (promptfoo's cost assertion is the SLO here: slo.costPerRequestUsd)";
            case "llm-rubric", "model-graded-closedqa", "factuality", "similar", "javascript", "python", "webhook",
                 "contains-json", "is-valid-openai-tools-call" -> " that LLM Dyno runs (promptfoo's " + type + " is not one yet)";
            default -> "";
        };
    }

    private static String unfenced(String answer) {
        var text = answer.strip();
        if (text.startsWith("```")) {
            int start = text.indexOf('\n');
            int end = text.lastIndexOf("```");
            if (start > 0 && end > start) {
                return text.substring(start + 1, end);
            }
        }
        return text;
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
