package dev.llmdyno.profile;

import java.util.List;
import java.util.stream.Collectors;

/** User input that cannot be used, with every problem found; the message lists them one per line. */
public class InvalidInputException extends Exception {

    private final String source;
    private final List<Problem> problems;

    public InvalidInputException(String source, List<Problem> problems) {
        super(problems.stream().map(p -> (source == null ? "" : source + ": ") + p).collect(Collectors.joining("\n")));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }
}
