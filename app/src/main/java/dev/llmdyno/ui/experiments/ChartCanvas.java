package dev.llmdyno.ui.experiments;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import dev.llmdyno.experiment.ChartScale;

import java.util.List;

/**
 * A chart drawn on a canvas: lines or dots per series, axes with four ticks, a title and a legend. Drawing
 * thousands of points this way costs one canvas pass, where a chart of nodes would add a node per point.
 */
final class ChartCanvas extends Region {

    static final Color[] COLORS = {Color.web("#2f81f7"), Color.web("#f85149"), Color.web("#2da44e"),
            Color.web("#a371f7"), Color.web("#d29922"), Color.web("#1f9bb0"), Color.web("#db61a2")};
    private static final Color AXIS = Color.web("#8b949e");
    private static final double LEFT = 52;
    private static final double BOTTOM = 30;
    private static final double TOP = 38;
    private static final double RIGHT = 12;

    /**
     * One series: a name, its points, whether they are joined (a line) or not (dots), and the index of a point to
     * ring and label "knee" (-1: none).
     */
    record Line(String name, double[] x, double[] y, boolean joined, int marked) {
        Line(String name, double[] x, double[] y, boolean joined) {
            this(name, x, y, joined, -1);
        }
    }

    private final Canvas canvas = new Canvas();
    private final String title;
    private String xLabel;
    private final String yLabel;
    private List<Line> lines = List.of();

    ChartCanvas(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        getStyleClass().add("experiment-chart");
        getChildren().add(canvas);
        setMinSize(200, 160);
        setPrefSize(420, 220);
    }

    void show(List<Line> value) {
        lines = value;
        draw();
    }

    void setXLabel(String value) {
        xLabel = value;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        var g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        g.clearRect(0, 0, width, height);
        g.setFont(Font.font(11));
        g.setFill(AXIS);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(title, LEFT, 2);
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, maxY = 0;
        for (var line : lines) {
            for (int i = 0; i < line.x().length; i++) {
                minX = Math.min(minX, line.x()[i]);
                maxX = Math.max(maxX, line.x()[i]);
                maxY = Math.max(maxY, line.y()[i]);
            }
        }
        if (minX == Double.POSITIVE_INFINITY) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("No samples yet", width / 2, height / 2);
            return;
        }
        if (!(maxX > minX)) {
            maxX = minX + 1;
        }
        maxY = maxY <= 0 ? 1 : ChartScale.niceCeiling(maxY);
        double plotW = width - LEFT - RIGHT;
        double plotH = height - TOP - BOTTOM;
        axes(g, width, height, minX, maxX, maxY);
        for (int s = 0; s < lines.size(); s++) {
            var line = lines.get(s);
            var color = COLORS[s % COLORS.length];
            g.setStroke(color);
            g.setFill(color);
            g.setLineWidth(1.6);
            if (line.joined()) {
                g.beginPath();
            }
            for (int i = 0; i < line.x().length; i++) {
                double px = LEFT + (line.x()[i] - minX) / (maxX - minX) * plotW;
                double py = TOP + plotH - line.y()[i] / maxY * plotH;
                if (!line.joined()) {
                    g.fillRect(px - 1.5, py - 1.5, 3, 3);
                } else if (i == 0) {
                    g.moveTo(px, py);
                } else {
                    g.lineTo(px, py);
                }
            }
            if (line.joined()) {
                g.stroke();
            }
            if (line.marked() >= 0 && line.marked() < line.x().length) {
                double px = LEFT + (line.x()[line.marked()] - minX) / (maxX - minX) * plotW;
                double py = TOP + plotH - line.y()[line.marked()] / maxY * plotH;
                g.setLineWidth(2);
                g.strokeOval(px - 6, py - 6, 12, 12);
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.BOTTOM);
                g.fillText("knee", px + 8, py - 4);
            }
        }
        legend(g);
    }

    /** Names in a row under the title, each after a swatch of its colour, so no line hides behind them. */
    private void legend(javafx.scene.canvas.GraphicsContext g) {
        double x = LEFT;
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        for (int s = 0; s < lines.size(); s++) {
            g.setFill(COLORS[s % COLORS.length]);
            g.fillRect(x, 20, 8, 8);
            g.setFill(AXIS);
            var name = lines.get(s).name();
            g.fillText(name, x + 11, 17);
            x += 24 + name.length() * 6.2;
        }
    }

    private void axes(javafx.scene.canvas.GraphicsContext g, double width, double height, double minX, double maxX,
                      double maxY) {
        double plotW = width - LEFT - RIGHT;
        double plotH = height - TOP - BOTTOM;
        g.setStroke(AXIS.deriveColor(0, 1, 1, 0.35));
        g.setLineWidth(1);
        g.setFill(AXIS);
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotH - i * plotH / 4;
            g.strokeLine(LEFT, y, width - RIGHT, y);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(ChartScale.tick(i * maxY / 4), LEFT - 4, y);
            double x = LEFT + i * plotW / 4;
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            g.fillText(ChartScale.tick(minX + i * (maxX - minX) / 4), x, TOP + plotH + 3);
        }
        g.fillText(xLabel, LEFT + plotW / 2, height - 13);
        g.save();
        g.translate(10, TOP + plotH / 2);
        g.rotate(-90);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(yLabel, 0, 0);
        g.restore();
    }
}
