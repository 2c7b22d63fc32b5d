package dev.llmdyno.export;

import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An nginx {@code upstream} over the profile's targets and a {@code server} that passes streams through it, for the
 * {@code http} block ({@code conf.d/}): round robin (weighted where the targets have weights) or {@code least_conn};
 * later groups as {@code backup} servers; {@code max_fails}/{@code fail_timeout} from allowedFails/cooldownSeconds;
 * {@code proxy_next_upstream} on the fallback's statuses for POSTs too ({@code non_idempotent}). Streaming-safe:
 * HTTP/1.1 with keep-alive to the upstream, {@code proxy_buffering off}, a read timeout as long as the wait for the
 * first token. Checked in Debian's nginx 1.22 by the tests, with streams through it.
 */
final class Nginx implements Exporter {

    /** The statuses proxy_next_upstream can name (nginx 1.22, ngx_http_proxy_module). */
    private static final Set<Integer> NEXT_UPSTREAM_STATUSES = Set.of(500, 502, 503, 504, 403, 404, 429);

    @Override
    public String id() {
        return "nginx";
    }

    @Override
    public String fileName(Profile profile) {
        return "llm-dyno-upstream.conf";
    }

    @Override
    public Export export(Profile profile) {
        var warnings = new ArrayList<String>();
        var upstreams = Upstreams.of(profile, "nginx", warnings);
        var strategy = Upstreams.strategy(profile);
        var fallback = Upstreams.fallback(profile);
        var text = new StringBuilder();
        text.append("upstream ").append(upstreams.name()).append(" {\n");
        switch (strategy) {
            case LEAST_OUTSTANDING -> text.append("    least_conn;\n");
            case LOWEST_LATENCY -> {
                text.append("    least_conn;\n");
                warnings.add("lowest-latency has no open-source nginx equivalent (least_time is nginx Plus): "
                        + "least_conn is written instead");
            }
            case WEIGHTED -> warnings.add("nginx balances by weight in turn (smooth weighted round robin), not at random");
            case ROUND_ROBIN -> {
            }
        }
        for (var server : upstreams.servers()) {
            text.append("    server ").append(server.address());
            if (server.weight() != 1) {
                text.append(" weight=").append(server.weight());
            }
            text.append(" max_fails=").append(fallback.allowedFails()).append(" fail_timeout=")
                    .append(Math.max(1, fallback.cooldownSeconds())).append('s');
            if (server.backup()) {
                text.append(" backup");
            }
            text.append(";  # ").append(server.name()).append('\n');
        }
        text.append("    keepalive 64;\n}\n\n");
        text.append("server {\n    listen ").append(Upstreams.LISTEN_PORT).append(";\n\n");
        text.append("    location ").append(upstreams.path()).append(" {\n");
        text.append("        proxy_pass ").append(upstreams.scheme()).append("://").append(upstreams.name()).append(";\n");
        text.append("        proxy_http_version 1.1;\n");
        text.append("        proxy_set_header Connection \"\";\n");
        upstreams.sharedHost().ifPresent(host -> text.append("        proxy_set_header Host ").append(host).append(";\n"));
        if (upstreams.scheme().equals("https")) {
            text.append("        proxy_ssl_server_name on;\n        proxy_ssl_verify on;\n")
                    .append("        proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\n");
        }
        text.append("        # Streams: every event on at once, none held for a full buffer.\n");
        text.append("        proxy_buffering off;\n        proxy_cache off;\n        proxy_request_buffering off;\n");
        var timeouts = profile.levers().timeouts();
        text.append("        proxy_connect_timeout ").append(Upstreams.seconds(timeouts.connectMs())).append("s;\n");
        text.append("        proxy_read_timeout ").append(Upstreams.seconds(Upstreams.readTimeoutMs(profile))).append("s;\n");
        text.append("        proxy_send_timeout ").append(Upstreams.seconds(Upstreams.readTimeoutMs(profile))).append("s;\n");
        text.append("        proxy_next_upstream ").append(String.join(" ", nextUpstream(fallback, warnings)))
                .append(";\n");
        text.append("        proxy_next_upstream_tries ").append(profile.levers().retry().maxRetries() + 1).append(";\n");
        text.append("        proxy_next_upstream_timeout ").append(Upstreams.seconds(timeouts.totalMs())).append("s;\n");
        text.append("    }\n}\n");
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.PROMPT_CACHE, Unexpressed.RATE_LIMIT, Unexpressed.CACHE, Unexpressed.CONTEXT_BUDGET, Unexpressed.PRIORITY,
                Unexpressed.BACKOFF), "an nginx upstream", warnings);
        return Export.commented(profile, text.toString(), warnings);
    }

    /** What sends a request on to the next server: errors, timeouts where the fallback says, and its statuses. */
    private static List<String> nextUpstream(Routing.Fallback fallback, List<String> warnings) {
        var conditions = new ArrayList<String>();
        conditions.add("error");
        if (fallback.onTimeout()) {
            conditions.add("timeout");
        }
        for (var status : fallback.onStatus()) {
            if (NEXT_UPSTREAM_STATUSES.contains(status)) {
                conditions.add("http_" + status);
            } else {
                warnings.add("nginx cannot pass a request on after status " + status + " (proxy_next_upstream knows "
                        + new java.util.TreeSet<>(NEXT_UPSTREAM_STATUSES) + ")");
            }
        }
        conditions.add("non_idempotent"); // chat completions are POSTs
        return conditions;
    }
}
