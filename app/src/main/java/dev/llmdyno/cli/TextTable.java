package dev.llmdyno.cli;

import java.util.List;

/** A plain-text table with columns padded to their widest cell; the first row is the header. */
final class TextTable {

    private TextTable() {
    }

    static String render(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        var widths = new int[columns];
        for (var row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        var out = new StringBuilder();
        for (var row : rows) {
            var line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == 0 ? "" : "  ").append(pad(row.get(c), widths[c], c > 0 && isNumeric(row.get(c))));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String pad(String text, int width, boolean right) {
        var padding = " ".repeat(width - text.length());
        return right ? padding + text : text + padding;
    }

    private static boolean isNumeric(String text) {
        return text.matches("[-+$]?[0-9][0-9,.]*%?( ms)?");
    }
}
