package dev.llmdyno.export;

import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A complete {@code haproxy.cfg}: a frontend on the balancer's port and a backend over the profile's targets,
 * {@code balance roundrobin} (weights where the targets have them) or {@code leastconn}; later groups as
 * {@code backup} servers; {@code retries} with {@code option redispatch 1} so each retry goes to another server, on
 * the fallback's statuses ({@code retry-on}); a server marked down after allowedFails 5xx answers in a row (its
 * traffic observed at layer 7) and up again when a check of {@code /v1/models} a cooldown later passes. Streaming-safe: HTTP mode passes chunked answers on as they come, {@code option http-no-delay}
 * sends each event at once, and the server timeout is the wait for the first token. Checked in Debian's HAProxy 2.6
 * by the tests, with streams through it.
 */
final class HaProxy implements Exporter {

    /** The statuses retry-on can name (HAProxy 2.6 configuration manual). */
    private static final Set<Integer> RETRY_ON_STATUSES = Set.of(404, 408, 425, 500, 501, 502, 503, 504);

    @Override
    public String id() {
        return "haproxy";
    }

    @Override
    public String fileName(Profile profile) {
        return "haproxy.cfg";
    }

    @Override
    public Export export(Profile profile) {
        var warnings = new ArrayList<String>();
        var upstreams = Upstreams.of(profile, "HAProxy", warnings);
        var fallback = Upstreams.fallback(profile);
        var timeouts = profile.levers().timeouts();
        long read = Upstreams.seconds(Upstreams.readTimeoutMs(profile));
        var text = new StringBuilder();
        text.append("defaults\n    mode http\n");
        text.append("    timeout connect ").append(Upstreams.seconds(timeouts.connectMs())).append("s\n");
        text.append("    timeout client ").append(read).append("s\n");
        text.append("    timeout server ").append(read).append("s\n");
        text.append("    timeout http-keep-alive 60s\n");
        text.append("    option http-no-delay\n\n");
        text.append("frontend llm_in\n    bind :").append(Upstreams.LISTEN_PORT).append('\n');
        text.append("    default_backend ").append(upstreams.name()).append("\n\n");
        text.append("backend ").append(upstreams.name()).append('\n');
        text.append("    balance ").append(balance(Upstreams.strategy(profile), warnings)).append('\n');
        text.append("    retries ").append(profile.levers().retry().maxRetries()).append('\n');
        text.append("    option redispatch 1\n");
        text.append("    retry-on ").append(String.join(" ", retryOn(fallback, warnings))).append('\n');
        upstreams.sharedHost().ifPresent(host -> text.append("    http-request set-header Host ").append(host).append('\n'));
        text.append("    option httpchk GET ").append(upstreams.path()).append("models\n");
        if (upstreams.servers().stream().anyMatch(Upstreams.Server::backup)) {
            warnings.add("HAProxy retries on servers that are up and brings in the backups only once the others are "
                    + "marked down, after allowedFails 5xx answers in a row: those answers reach the client");
        }
        boolean https = upstreams.scheme().equals("https");
        for (var server : upstreams.servers()) {
            text.append("    server ").append(server.name().replaceAll("[^A-Za-z0-9_.:-]", "_")).append(' ')
                    .append(server.address());
            if (server.weight() != 1) {
                text.append(" weight ").append(server.weight());
            }
            // Down after allowedFails answers in a row with a 5xx (backups then take over), up again at the first
            // good check a cooldown later.
            text.append(" check inter ").append(Math.max(1, fallback.cooldownSeconds())).append("s fall ")
                    .append(fallback.allowedFails()).append(" rise 1 observe layer7 error-limit ")
                    .append(fallback.allowedFails()).append(" on-error mark-down");
            if (https) {
                text.append(" ssl verify required ca-file /etc/ssl/certs/ca-certificates.crt sni str(")
                        .append(server.host()).append(')');
            }
            if (server.backup()) {
                text.append(" backup");
            }
            text.append('\n');
        }
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.PROMPT_CACHE, Unexpressed.RATE_LIMIT, Unexpressed.CACHE, Unexpressed.CONTEXT_BUDGET, Unexpressed.PRIORITY,
                Unexpressed.BACKOFF), "an HAProxy backend", warnings);
        return Export.commented(profile, text.toString(), warnings);
    }

    private static String balance(Routing.Strategy strategy, List<String> warnings) {
        return switch (strategy) {
            case ROUND_ROBIN -> "roundrobin";
            case WEIGHTED -> "random";
            case LEAST_OUTSTANDING -> "leastconn";
            case LOWEST_LATENCY -> {
                warnings.add("lowest-latency has no HAProxy equivalent: leastconn is written instead");
                yield "leastconn";
            }
        };
    }

    /** When a try is retried on another server: connection failures, timeouts where the fallback says, its statuses. */
    private static List<String> retryOn(Routing.Fallback fallback, List<String> warnings) {
        var conditions = new ArrayList<String>(List.of("conn-failure", "empty-response"));
        if (fallback.onTimeout()) {
            conditions.add("response-timeout");
        }
        for (var status : fallback.onStatus()) {
            if (RETRY_ON_STATUSES.contains(status)) {
                conditions.add(String.valueOf(status));
            } else {
                warnings.add("HAProxy cannot retry after status " + status + " (retry-on knows "
                        + new java.util.TreeSet<>(RETRY_ON_STATUSES) + ")");
            }
        }
        return conditions;
    }
}
