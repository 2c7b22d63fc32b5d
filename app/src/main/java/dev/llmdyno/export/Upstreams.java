package dev.llmdyno.export;

import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A profile's targets as the servers of a self-hosted balancer (nginx, HAProxy): host and port, an integer weight,
 * and whether the server is a backup (every group after the first). A balancer passes the request on as it came,
 * so every server must share the first target's scheme and path; one that does not is left out with a warning.
 */
record Upstreams(String name, String scheme, String path, List<Server> servers) {

    /** The port the exported balancer listens on. */
    static final int LISTEN_PORT = 8088;

    record Server(String name, String host, int port, int weight, boolean backup) {
        String address() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    static Upstreams of(Profile profile, String tool, List<String> warnings) {
        var routing = profile.routing();
        var targets = routing == null || routing.targets().isEmpty()
                ? List.of(new Routing.Target("endpoint", profile.endpoint(), null, null, null))
                : routing.targets();
        var first = URI.create(Targets.baseUrl(targets.getFirst().endpoint()));
        var scheme = first.getScheme();
        var path = first.getPath() == null || first.getPath().isEmpty() ? "/" : first.getPath().replaceAll("/+$", "") + "/";
        var firstGroup = targets.getFirst().groupOrDefault();
        var servers = new ArrayList<Server>();
        for (var target : targets) {
            var url = URI.create(Targets.baseUrl(target.endpoint()));
            var targetPath = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath().replaceAll("/+$", "") + "/";
            if (!scheme.equals(url.getScheme()) || !path.equals(targetPath)) {
                warnings.add("target " + target.name() + " (" + url + ") is left out: " + tool + " passes each request "
                        + "on unchanged, so every server must share " + scheme + "://…" + path);
                continue;
            }
            int port = url.getPort() > 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
            int weight = (int) Math.max(1, Math.round(target.weightOrDefault()));
            if (weight != target.weightOrDefault()) {
                warnings.add("target " + target.name() + "'s weight " + target.weightOrDefault() + " became " + weight
                        + ": " + tool + " weights are whole numbers");
            }
            if (target.model() != null) {
                warnings.add("target " + target.name() + "'s own model (" + target.model() + ") is not carried: a "
                        + "balancer does not rewrite the request's model");
            }
            servers.add(new Server(target.name(), url.getHost(), port, weight, !target.groupOrDefault().equals(firstGroup)));
        }
        var keys = targets.stream().filter(target -> Targets.needsKey(target.endpoint()))
                .map(target -> Targets.keyVariable(target.endpoint(), warnings)).distinct().toList();
        if (!keys.isEmpty()) {
            warnings.add(tool + " passes on the client's own key header: every server must accept the key the client "
                    + "sends (" + String.join(", ", keys) + ")");
        }
        if (routing != null && routing.groupOrder().size() > 2) {
            warnings.add(tool + " has two tiers, the servers and their backups: every group after the first is a backup");
        }
        warnings.add("the model, sampling parameters and prompt are the client's: " + tool + " passes each request on "
                + "as it came");
        warnings.add("point clients at http://<this machine>:" + LISTEN_PORT + path.replaceAll("/$", "")
                + " (the listening port is " + LISTEN_PORT + "; change it to suit)");
        return new Upstreams("llm_" + Targets.slug(profile).replace('-', '_'), scheme, path, servers);
    }

    /**
     * The host every server shares, which the balancer then sends as the Host header (a hosted provider routes by
     * it); empty when they differ, as self-hosted replicas at their own addresses do.
     */
    java.util.Optional<String> sharedHost() {
        var hosts = servers.stream().map(Server::host).distinct().toList();
        return hosts.size() == 1 ? java.util.Optional.of(hosts.getFirst()) : java.util.Optional.empty();
    }

    /** The strategy the profile routes by, single for a profile without routing. */
    static Routing.Strategy strategy(Profile profile) {
        return profile.routing() == null ? Routing.Strategy.ROUND_ROBIN : profile.routing().strategy();
    }

    static Routing.Fallback fallback(Profile profile) {
        return profile.routing() == null ? Routing.Fallback.DEFAULTS : profile.routing().fallback();
    }

    /** Seconds, rounded up, at least 1: what both balancers' time units want. */
    static long seconds(int millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    /** How long a streamed answer may go quiet: the wait for the first token or between two. */
    static int readTimeoutMs(Profile profile) {
        var timeouts = profile.levers().timeouts();
        return Math.max(timeouts.firstTokenMs(), timeouts.idleMs());
    }
}
