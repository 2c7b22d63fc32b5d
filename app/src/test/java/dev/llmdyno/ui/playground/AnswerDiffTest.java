package dev.llmdyno.ui.playground;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerDiffTest {

    private static String only(java.util.List<AnswerDiff.Piece> pieces) {
        return pieces.stream().filter(p -> p.kind() == AnswerDiff.Kind.ONLY_HERE).map(AnswerDiff.Piece::text)
                .reduce("", (a, b) -> a + "|" + b);
    }

    private static String whole(java.util.List<AnswerDiff.Piece> pieces) {
        return pieces.stream().map(AnswerDiff.Piece::text).reduce("", String::concat);
    }

    @Test
    void wordsOnlyInOneAnswerAreMarkedOnItsSide() {
        var sides = AnswerDiff.of("The queue grows under load.", "The queue shrinks under heavy load.");
        assertThat(only(sides.left())).isEqualTo("|grows");
        assertThat(only(sides.right())).isEqualTo("|shrinks|heavy ");
        assertThat(whole(sides.left())).isEqualTo("The queue grows under load.");
        assertThat(whole(sides.right())).isEqualTo("The queue shrinks under heavy load.");
    }

    @Test
    void identicalAndEmptyAnswers() {
        var same = AnswerDiff.of("Same text.\n\nTwo paragraphs.", "Same text.\n\nTwo paragraphs.");
        assertThat(same.left()).containsExactly(new AnswerDiff.Piece("Same text.\n\nTwo paragraphs.", AnswerDiff.Kind.SAME));
        var empty = AnswerDiff.of("", "Only here.");
        assertThat(empty.left()).isEmpty();
        assertThat(empty.right()).containsExactly(new AnswerDiff.Piece("Only here.", AnswerDiff.Kind.ONLY_HERE));
    }
}
