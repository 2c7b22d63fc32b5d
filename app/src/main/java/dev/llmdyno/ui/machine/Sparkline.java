package dev.llmdyno.ui.machine;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.layout.Region;
import javafx.scene.shape.Polyline;

/** A small line of the last values (0..1), redrawn when they change. */
final class Sparkline extends Region {

    private final ObservableList<Double> values;
    private final Polyline line = new Polyline();
    private final ListChangeListener<Double> redraw = change -> requestLayout();

    Sparkline(ObservableList<Double> values, String styleClass) {
        this.values = values;
        getStyleClass().addAll("sparkline", styleClass);
        line.getStyleClass().add("sparkline-line");
        getChildren().add(line);
        setPrefSize(80, 18);
        setMinSize(80, 18);
        setMaxSize(80, 18);
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene == null) {
                values.removeListener(redraw);
            } else {
                values.addListener(redraw);
            }
        });
    }

    @Override
    protected void layoutChildren() {
        double width = getWidth();
        double height = getHeight();
        var points = new Double[values.size() * 2];
        double step = width / Math.max(1, MachineViewModel.HISTORY - 1);
        double x = width - step * (values.size() - 1);
        for (int i = 0; i < values.size(); i++) {
            points[i * 2] = x + i * step;
            points[i * 2 + 1] = height - 1 - Math.max(0, Math.min(1, values.get(i))) * (height - 2);
        }
        line.getPoints().setAll(points);
    }
}
