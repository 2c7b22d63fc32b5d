package dev.llmdyno.ui;

import javafx.util.StringConverter;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** How a choice box or combo box shows its choices: each by its label, and a label read back as the choice it names. */
public final class ChoiceText {

    private ChoiceText() {
    }

    public static <T> StringConverter<T> of(Supplier<? extends List<T>> choices, Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String label) {
                return choices.get().stream().filter(choice -> text.apply(choice).equals(label)).findFirst().orElse(null);
            }
        };
    }
}
