package dev.llmdyno.ui;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.Tooltip;

/** Tooltips that hold a long text whole (an error, a status), wrapped to a readable width. */
public final class WrappingTooltip {

    private static final double MAX_WIDTH = 480;

    private WrappingTooltip() {
    }

    public static Tooltip of(String text) {
        var tip = new Tooltip(text);
        tip.setWrapText(true);
        tip.setMaxWidth(MAX_WIDTH);
        return tip;
    }

    /** A tooltip that always shows {@code text}'s current value. */
    public static Tooltip following(ObservableValue<String> text) {
        var tip = of(null);
        tip.textProperty().bind(text);
        return tip;
    }
}
