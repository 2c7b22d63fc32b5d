package dev.llmdyno.experiment;

import com.fasterxml.jackson.core.JacksonException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.ProfileIO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * An experiment written to a folder: {@code results.json} (plan, summary and every sample), {@code samples.csv}
 * (one row per request, for spreadsheets and notebooks) and {@code report.html}. Each file is written whole and
 * renamed into place.
 */
public final class ResultFiles {

    public static final String RESULTS = "results.json";
    public static final String SAMPLES = "samples.csv";
    public static final String REPORT = "report.html";

    private static final String CSV_HEADER = "trial,variant,level,row,repetition,warmup,planned_ms,ended_ms,ok,error,"
            + "status,attempts,cached,queue_ms,ttft_ms,ttfc_ms,tpot_ms,e2e_ms,latency_ms,input_tokens,"
            + "cached_input_tokens,cache_write_tokens,output_tokens,cost_usd,target,failed_checks,turn,summary,user";

    private ResultFiles() {
    }

    public static void write(Path folder, Experiment experiment, Results results, List<Sample> samples)
            throws IOException {
        Files.createDirectories(folder);
        var root = new LinkedHashMap<String, Object>();
        root.put("plan", experiment.plan());
        root.put("summary", results);
        root.put("samples", samples);
        // Streamed to the files: 100,000 samples held as one string (and its copies) took more than a 192 MB heap.
        ProfileIO.writeAtomically(folder.resolve(RESULTS), writer -> {
            try {
                Mappers.json().writeValue(writer, root);
            } catch (JacksonException e) {
                throw new IOException("results could not be written as JSON", e);
            }
        });
        ProfileIO.writeAtomically(folder.resolve(SAMPLES), writer -> csv(experiment, samples, writer));
        ProfileIO.writeAtomically(folder.resolve(REPORT), HtmlReport.render(experiment, results, samples));
    }

    /** One row per sample, written as it is made. */
    private static void csv(Experiment experiment, List<Sample> samples, java.io.Writer writer) throws IOException {
        var users = experiment.users();
        writer.write(CSV_HEADER);
        writer.write('\n');
        var out = new StringBuilder();
        for (var s : samples) {
            out.setLength(0);
            out.append(s.trial()).append(',').append(quote(experiment.variants().get(s.variant()).name())).append(',')
                    .append(s.level()).append(',').append(s.row()).append(',').append(s.repetition()).append(',')
                    .append(s.warmup()).append(',').append(number(s.plannedMs())).append(',')
                    .append(number(s.endedMs())).append(',').append(s.ok()).append(',')
                    .append(s.error() == null ? "" : s.error()).append(',').append(s.status()).append(',')
                    .append(s.attempts()).append(',').append(s.cached()).append(',').append(number(s.queueMs()))
                    .append(',').append(number(s.ttftMs())).append(',').append(number(s.ttfcMs())).append(',')
                    .append(number(s.tpotMs())).append(',').append(number(s.e2eMs())).append(',')
                    .append(number(s.latencyMs())).append(',').append(number(s.inputTokens())).append(',')
                    .append(number(s.cachedInputTokens())).append(',').append(number(s.cacheWriteTokens())).append(',')
                    .append(number(s.outputTokens())).append(',')
                    .append(s.costUsd() == null ? "" : String.format(Locale.ROOT, "%.8f", s.costUsd())).append(',')
                    .append(s.target() == null ? "" : quote(s.target())).append(',')
                    .append(s.failedChecks() == null ? "" : quote(s.failedChecks())).append(',')
                    .append(number(s.turn())).append(',').append(s.summary()).append(',')
                    .append(s.measured() && !users.isEmpty() ? users.get(s.row()).id() : "").append('\n');
            writer.append(out);
        }
    }

    private static String number(Number value) {
        if (value == null) {
            return "";
        }
        return value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : value.toString();
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
