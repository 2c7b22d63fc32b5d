package dev.llmdyno.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a server under test reported over an experiment's run, read from its Prometheus series under vLLM's names
 * (a vLLM server, or the simulator): the difference between a scrape at the start and one at the end, and the
 * gauges as the scrapes in between found them. {@code problem} says why there is less than asked, in words (the
 * server could not be scraped, say); the run's own figures never depend on it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerWindow(String url, double seconds, int scrapes, List<ModelWindow> models, String problem) {

    public ServerWindow {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /**
     * One model's figures over the window, in milliseconds and tokens; a figure the server does not report (or
     * that had no observations) is null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelWindow(String model, long requests, Timing ttft, Timing itl, Timing e2e, Timing queue,
                              long promptTokens, long generationTokens, Double prefixCacheHitRatio,
                              Double runningMean, Double runningMax, Double waitingMean, Double waitingMax) {

        /** The headings of {@link #cells()}, for the terminal's table and the report's. */
        public static final List<String> COLUMNS = List.of("model", "requests", "TTFT mean", "TTFT p95 in",
                "ITL mean", "e2e mean", "e2e p95 in", "queue mean", "queue p95 in", "waiting max", "running max",
                "prefix-cache hits");

        /** This model's row, as text: exact means, and each p95 as the bucket it lies in. */
        public List<String> cells() {
            return List.of(model, String.valueOf(requests), Timing.mean(ttft), Timing.p95(ttft), Timing.mean(itl),
                    Timing.mean(e2e), Timing.p95(e2e), Timing.mean(queue), Timing.p95(queue), count(waitingMax),
                    count(runningMax), prefixCacheHitRatio == null ? "-"
                            : String.format(Locale.ROOT, "%.0f%%", 100 * prefixCacheHitRatio));
        }

        private static String count(Double value) {
            return value == null ? "-" : String.format(Locale.ROOT, "%.0f", value);
        }
    }

    /**
     * One histogram over the window. The mean is exact (its sum over its count); a percentile is only known to lie
     * in its bucket, from {@code p95FromMs} to {@code p95ToMs} (null: the +Inf bucket). {@code p50Ms} and {@code p95Ms}
     * are what PromQL's {@code histogram_quantile} reads inside the bucket, and can be far from the truth where the
     * server's buckets are wide (vLLM's TTFT buckets jump from 1 s to 2.5 s).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Timing(Double meanMs, Double p50Ms, Double p95Ms, Double p95FromMs, Double p95ToMs) {

        static String mean(Timing timing) {
            return timing == null ? "-" : String.format(Locale.ROOT, "%.0f ms", timing.meanMs());
        }

        /**
         * "1000-2500 ms": an interpolated value inside a wide bucket would claim a precision the server's series
         * lack.
         */
        static String p95(Timing timing) {
            if (timing == null || timing.p95FromMs() == null) {
                return "-";
            }
            return timing.p95ToMs() == null ? String.format(Locale.ROOT, "over %.0f ms", timing.p95FromMs())
                    : String.format(Locale.ROOT, "%.0f-%.0f ms", timing.p95FromMs(), timing.p95ToMs());
        }
    }

    /**
     * One sentence per model for a list of findings (the desktop's): "Server http://...: sim-fast: requests 120,
     * TTFT mean 1363 ms, TTFT p95 in 1000-2500 ms, ...", the columns of the table in words; then the problem, if any.
     */
    public List<String> lines() {
        var lines = new ArrayList<String>();
        var heading = String.format(Locale.ROOT, "Server %s (%d scrapes over %.1f s): ", url, scrapes, seconds);
        for (var model : models) {
            var cells = model.cells();
            var parts = new ArrayList<String>();
            for (int i = 1; i < cells.size(); i++) {
                parts.add(ModelWindow.COLUMNS.get(i) + " " + cells.get(i));
            }
            lines.add(heading + cells.getFirst() + ": " + String.join(", ", parts) + ".");
        }
        if (problem != null) {
            lines.add(heading + problem + ".");
        }
        return lines;
    }

    static ServerWindow failed(String url, String problem) {
        return new ServerWindow(url, 0, 0, List.of(), problem);
    }

    /** The gauges read through the window: each one per model, as every scrape found it. */
    static final class Gauges {
        static final List<String> NAMES = List.of("vllm:num_requests_running", "vllm:num_requests_waiting");
        private final Map<String, DoubleSummaryStatistics> readings = new HashMap<>();

        void add(Exposition scrape) {
            for (var gauge : NAMES) {
                var byModel = new HashMap<String, Double>();
                scrape.named(gauge).forEach(sample -> byModel.merge(String.valueOf(sample.labels().get("model_name")),
                        sample.value(), Double::sum));
                byModel.forEach((model, value) -> readings.computeIfAbsent(gauge + "\u0000" + model,
                        key -> new DoubleSummaryStatistics()).accept(value));
            }
        }

        DoubleSummaryStatistics of(String gauge, String model) {
            return readings.getOrDefault(gauge + "\u0000" + model, new DoubleSummaryStatistics());
        }
    }

    /** The window from {@code first} to {@code last} ({@code scrapes} in all), with the gauges read through it. */
    static ServerWindow between(String url, double seconds, Exposition first, Exposition last, int scrapes,
                                Gauges gauges, String problem) {
        var names = new TreeSet<String>();
        last.samples().stream().map(sample -> sample.labels().get("model_name")).filter(name -> name != null)
                .forEach(names::add);
        var models = new ArrayList<ModelWindow>();
        for (var name : names) {
            var model = new Model(name, first, last);
            long requests = (long) model.gained("vllm:e2e_request_latency_seconds_count");
            long prompt = (long) model.gained("vllm:prompt_tokens_total");
            if (requests == 0 && prompt == 0) {
                continue; // a model nobody asked for during the run
            }
            double queries = model.gained("vllm:prefix_cache_queries_total");
            var running = gauges.of("vllm:num_requests_running", name);
            var waiting = gauges.of("vllm:num_requests_waiting", name);
            models.add(new ModelWindow(name, requests, model.timing("vllm:time_to_first_token_seconds"),
                    model.timing("vllm:inter_token_latency_seconds"), model.timing("vllm:e2e_request_latency_seconds"),
                    model.timing("vllm:request_queue_time_seconds"), prompt,
                    (long) model.gained("vllm:generation_tokens_total"),
                    queries > 0 ? model.gained("vllm:prefix_cache_hits_total") / queries : null,
                    mean(running), max(running), mean(waiting), max(waiting)));
        }
        return new ServerWindow(url, seconds, scrapes, models, problem);
    }

    private static Double mean(DoubleSummaryStatistics values) {
        return values.getCount() == 0 ? null : values.getAverage();
    }

    private static Double max(DoubleSummaryStatistics values) {
        return values.getCount() == 0 ? null : values.getMax();
    }

    /** One model's series in the scrapes. */
    private record Model(String name, Exposition first, Exposition last) {

        private List<Exposition.Sample> of(Exposition scrape, String series) {
            return scrape.named(series).stream().filter(sample -> name.equals(sample.labels().get("model_name")))
                    .toList();
        }

        double gained(String series) {
            return total(last, series) - total(first, series);
        }

        private double total(Exposition scrape, String series) {
            return of(scrape, series).stream().mapToDouble(Exposition.Sample::value).sum();
        }

        /** The histogram's observations in the window; null when the server does not report it. */
        Timing timing(String histogram) {
            var buckets = BucketQuantile.gains(of(first, histogram + "_bucket"), of(last, histogram + "_bucket"));
            double count = gained(histogram + "_count");
            if (buckets.isEmpty() || count <= 0) {
                return null;
            }
            var p95 = BucketQuantile.bucket(0.95, buckets);
            return new Timing(gained(histogram + "_sum") / count * 1_000, ms(BucketQuantile.of(0.5, buckets)),
                    ms(BucketQuantile.of(0.95, buckets)), ms(p95[0]), Double.isInfinite(p95[1]) ? null : ms(p95[1]));
        }

        private static Double ms(Double seconds) {
            return seconds == null ? null : seconds * 1_000;
        }

    }
}
