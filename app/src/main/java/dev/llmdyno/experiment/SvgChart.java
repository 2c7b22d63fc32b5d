package dev.llmdyno.experiment;

import java.util.List;
import java.util.Locale;

/** A small SVG line/scatter chart with axes and a legend, for the self-contained HTML report. */
public final class SvgChart {

    static final String[] COLORS = {"#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 320;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 44;

    /** One named series of points; drawn as a line or as dots. */
    public record Series(String name, double[] x, double[] y, boolean line) {
    }

    private SvgChart() {
    }

    public static String render(String xLabel, String yLabel, List<Series> series, Double horizontalMarker, String markerLabel) {
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = 0, maxY = Double.NEGATIVE_INFINITY;
        for (var s : series) {
            for (int i = 0; i < s.x().length; i++) {
                minX = Math.min(minX, s.x()[i]);
                maxX = Math.max(maxX, s.x()[i]);
                maxY = Math.max(maxY, s.y()[i]);
            }
        }
        if (horizontalMarker != null) {
            maxY = Math.max(maxY, horizontalMarker);
        }
        if (!(maxX > minX)) {
            maxX = minX + 1;
        }
        if (!(maxY > minY)) {
            maxY = minY + 1;
        }
        maxY = ChartScale.niceCeiling(maxY);
        var svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        var scale = new Scale(minX, maxX, minY, maxY);
        axes(svg, scale, xLabel, yLabel);
        for (int i = 0; i < series.size(); i++) {
            draw(svg, scale, series.get(i), COLORS[i % COLORS.length]);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", LEFT + 10, TOP + 6 + 16 * i,
                    COLORS[i % COLORS.length], LEFT + 24, TOP + 15 + 16 * i, Html.escape(series.get(i).name())));
        }
        if (horizontalMarker != null) {
            double y = scale.y(horizontalMarker);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#6b7280\" "
                    + "stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
                    + "fill=\"#6b7280\">%s</text>", LEFT, WIDTH - RIGHT, y, y, WIDTH - RIGHT, y - 4, Html.escape(markerLabel)));
        }
        return svg.append("</svg>").toString();
    }

    private record Scale(double minX, double maxX, double minY, double maxY) {
        double x(double value) {
            return LEFT + (value - minX) / (maxX - minX) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return HEIGHT - BOTTOM - (value - minY) / (maxY - minY) * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static void axes(StringBuilder svg, Scale scale, String xLabel, String yLabel) {
        svg.append(String.format(Locale.ROOT, "<g font-size=\"11\" fill=\"#374151\" stroke=\"none\">"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9ca3af\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9ca3af\"/>", LEFT, TOP, LEFT, HEIGHT - BOTTOM,
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        for (int i = 0; i <= 4; i++) {
            double xValue = scale.minX() + i * (scale.maxX() - scale.minX()) / 4;
            double yValue = scale.minY() + i * (scale.maxY() - scale.minY()) / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    scale.x(xValue), HEIGHT - BOTTOM + 14, ChartScale.tick(xValue)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
                            + "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e7eb\"/>", LEFT - 4,
                    scale.y(yValue) + 4, ChartScale.tick(yValue), LEFT, WIDTH - RIGHT, scale.y(yValue), scale.y(yValue)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                        + "<text transform=\"translate(14 %d) rotate(-90)\" text-anchor=\"middle\">%s</text></g>",
                (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8, Html.escape(xLabel), (TOP + HEIGHT - BOTTOM) / 2,
                Html.escape(yLabel)));
    }

    private static void draw(StringBuilder svg, Scale scale, Series series, String color) {
        if (series.line()) {
            svg.append("<polyline fill=\"none\" stroke-width=\"1.8\" stroke=\"").append(color).append("\" points=\"");
            for (int i = 0; i < series.x().length; i++) {
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(series.x()[i]), scale.y(series.y()[i])));
            }
            svg.append("\"/>");
        }
        for (int i = 0; i < series.x().length; i++) {
            if (!series.line() || series.x().length <= 20) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\" "
                        + "fill-opacity=\"0.6\"/>", scale.x(series.x()[i]), scale.y(series.y()[i]),
                        series.line() ? "3" : "1.8", color));
            }
        }
    }
}
