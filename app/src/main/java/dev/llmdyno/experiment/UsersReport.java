package dev.llmdyno.experiment;

import dev.llmdyno.stats.Summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a users run found per variant (docs/users.md): per class of users and per user, how many requests were
 * answered, how soon and how long they waited on the client, and how evenly the users were served, by Jain's
 * fairness index over the users' throughputs: (Σx)² / (n Σx²), 1 when every user got the same, 1/n when one got all.
 */
public final class UsersReport {

    private UsersReport() {
    }

    /** Per variant, per class and per user. */
    public record Result(List<VariantRow> variants, List<ClassRow> classes, List<UserRow> users) {

        /**
         * One line per variant and class: "strict, important: 4 users, 80 requests, 0 failed; p95 latency 812 ms,
         * p95 TTFT 240 ms, mean queue 35.2 ms; 3.20 requests/s; fairness 0.99".
         */
        public List<String> classLines() {
            return classes.stream().map(row -> String.format(Locale.ROOT,
                    "%s, %s: %d users, %d requests, %d failed; p95 latency %s, p95 TTFT %s, mean queue %s; "
                            + "%.2f requests/s; fairness %.2f", row.variant(), row.userClass(), row.users(),
                    row.requests(), row.requests() - row.succeeded(), ms(row.p95LatencyMs()), ms(row.p95TtftMs()),
                    ms(row.meanQueueMs()),
                    row.requestsPerSecond(), row.fairness())).toList();
        }

        private static String ms(double value) {
            return Double.isNaN(value) ? "n/a" : SampleMetric.LATENCY.format(value);
        }
    }

    /** One variant's pass: its users' fairness over all classes together. */
    public record VariantRow(String variant, int users, double fairness) {
    }

    /**
     * One class in one variant's pass: its users, their requests and how many were answered, the median and p95 of
     * latency (queue included), the p95 TTFT, the mean queue time (the class's bucket and the priority gate), its
     * answered requests per second of the pass and Jain's index over its own users.
     */
    public record ClassRow(String variant, String userClass, int priority, int users, int requests, int succeeded,
                           double p50LatencyMs, double p95LatencyMs, double p95TtftMs, double meanQueueMs,
                           double requestsPerSecond, double fairness) {
    }

    /** One user in one variant's pass: its answered requests per second from its first planned start to its last end. */
    public record UserRow(String variant, String user, String userClass, int requests, int succeeded,
                          double p50LatencyMs, double p95LatencyMs, double requestsPerSecond) {
    }

    /** The report of a users run's samples (warm-ups left out); null for a plan without users. */
    static Result of(Experiment experiment, List<Sample> samples) {
        if (!experiment.crowded()) {
            return null;
        }
        var users = experiment.users();
        var classes = experiment.plan().users();
        var variantRows = new ArrayList<VariantRow>();
        var classRows = new ArrayList<ClassRow>();
        var userRows = new ArrayList<UserRow>();
        for (int v = 0; v < experiment.variants().size(); v++) {
            int variant = v;
            var name = experiment.variants().get(v).name();
            var own = samples.stream().filter(s -> s.measured() && s.variant() == variant).toList();
            double window = Analyzer.windowSeconds(own);
            var throughputs = new double[users.size()];
            for (var user : users) {
                var theirs = own.stream().filter(s -> s.row() == user.index()).toList();
                throughputs[user.index()] = answeredPerSecond(theirs, Analyzer.windowSeconds(theirs));
                var latency = summary(theirs, SampleMetric.LATENCY);
                userRows.add(new UserRow(name, user.id(), user.spec().name(), theirs.size(), answered(theirs),
                        latency.p50(), latency.p95(), throughputs[user.index()]));
            }
            for (int c = 0; c < classes.size(); c++) {
                int userClass = c;
                var members = users.stream().filter(u -> u.userClass() == userClass).toList();
                var theirs = own.stream().filter(s -> users.get(s.row()).userClass() == userClass).toList();
                var latency = summary(theirs, SampleMetric.LATENCY);
                classRows.add(new ClassRow(name, classes.get(c).name(), classes.get(c).priorityOrDefault(),
                        members.size(), theirs.size(), answered(theirs), latency.p50(), latency.p95(),
                        summary(theirs, SampleMetric.TTFT).p95(), meanQueueMs(theirs),
                        answeredPerSecond(theirs, window),
                        jain(members.stream().mapToDouble(u -> throughputs[u.index()]).toArray())));
            }
            variantRows.add(new VariantRow(name, users.size(), jain(throughputs)));
        }
        return new Result(variantRows, classRows, userRows);
    }

    /** Jain's fairness index of {@code values}; 1 when all are equal (and when all are zero: none was favoured). */
    static double jain(double[] values) {
        double sum = 0;
        double squares = 0;
        for (double value : values) {
            sum += value;
            squares += value * value;
        }
        return squares == 0 ? 1 : sum * sum / (values.length * squares);
    }

    private static Summary summary(List<Sample> samples, SampleMetric metric) {
        return Summary.of(Analyzer.values(samples.stream().filter(Sample::ok).toList(), metric));
    }

    /** The mean time its requests waited on the client (NaN where none was sent). */
    private static double meanQueueMs(List<Sample> samples) {
        return samples.stream().map(Sample::queueMs).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue)
                .average().orElse(Double.NaN);
    }

    private static int answered(List<Sample> samples) {
        return (int) samples.stream().filter(Sample::ok).count();
    }

    private static double answeredPerSecond(List<Sample> samples, double seconds) {
        return seconds > 0 ? answered(samples) / seconds : 0;
    }
}
