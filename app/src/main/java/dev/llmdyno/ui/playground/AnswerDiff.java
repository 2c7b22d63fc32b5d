package dev.llmdyno.ui.playground;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.DeltaType;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Two answers compared word by word (java-diff-utils' Myers diff over words and the spaces between them): each side
 * as pieces that are the same in both, or only in that side.
 */
final class AnswerDiff {

    enum Kind { SAME, ONLY_HERE }

    record Piece(String text, Kind kind) {
    }

    record Sides(List<Piece> left, List<Piece> right) {
    }

    private static final Pattern WORDS_AND_SPACES = Pattern.compile("\\s+|[^\\s]+");

    private AnswerDiff() {
    }

    static Sides of(String left, String right) {
        var a = tokens(left);
        var b = tokens(right);
        var patch = DiffUtils.diff(a, b);
        var leftPieces = new ArrayList<Piece>();
        var rightPieces = new ArrayList<Piece>();
        int ai = 0;
        int bi = 0;
        for (var delta : patch.getDeltas()) {
            int sourceAt = delta.getSource().getPosition();
            int targetAt = delta.getTarget().getPosition();
            add(leftPieces, a.subList(ai, sourceAt), Kind.SAME);
            add(rightPieces, b.subList(bi, targetAt), Kind.SAME);
            if (delta.getType() != DeltaType.EQUAL) {
                add(leftPieces, delta.getSource().getLines(), Kind.ONLY_HERE);
                add(rightPieces, delta.getTarget().getLines(), Kind.ONLY_HERE);
            }
            ai = sourceAt + delta.getSource().size();
            bi = targetAt + delta.getTarget().size();
        }
        add(leftPieces, a.subList(ai, a.size()), Kind.SAME);
        add(rightPieces, b.subList(bi, b.size()), Kind.SAME);
        return new Sides(List.copyOf(leftPieces), List.copyOf(rightPieces));
    }

    /** Joins neighbouring tokens of one kind into one piece, so a long answer is a few nodes, not thousands. */
    private static void add(List<Piece> pieces, List<String> tokens, Kind kind) {
        if (tokens.isEmpty()) {
            return;
        }
        var text = String.join("", tokens);
        if (!pieces.isEmpty() && pieces.getLast().kind() == kind) {
            pieces.set(pieces.size() - 1, new Piece(pieces.getLast().text() + text, kind));
        } else {
            pieces.add(new Piece(text, kind));
        }
    }

    private static List<String> tokens(String text) {
        var tokens = new ArrayList<String>();
        var matcher = WORDS_AND_SPACES.matcher(text == null ? "" : text);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }
}
