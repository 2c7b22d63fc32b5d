package dev.llmdyno.export;

import dev.llmdyno.RealTools;
import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.profile.Routing;
import dev.llmdyno.sim.FaultSpec;
import dev.llmdyno.sim.Fleet;
import dev.llmdyno.sim.Network;
import dev.llmdyno.sim.Replica;
import dev.llmdyno.sim.SimConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nginx and HAProxy exports run in Debian's nginx 1.22 and HAProxy 2.6 (installed by .ci/run) in front of
 * simulator replicas: streams pass through event by event, calls are spread as the profile's strategy says, and a
 * failing primary's calls go to the backup group.
 */
class BalancerExportsTest {

    private static final Exporters EXPORTERS = new Exporters(Catalog.builtIn());

    @TempDir
    Path dir;

    /** A balancer process running an exported file, on a free loopback port. */
    private record Balancer(Process process, int port) implements AutoCloseable {

        static Balancer start(String tool, String exported, Path dir) throws Exception {
            int port = RealTools.freePort();
            List<String> command;
            if (tool.equals("nginx")) {
                var nginx = RealTools.program("nginx", "apt-get install nginx");
                Files.writeString(dir.resolve("upstream.conf"),
                        exported.replace("listen " + Upstreams.LISTEN_PORT + ";", "listen 127.0.0.1:" + port + ";"));
                Files.writeString(dir.resolve("nginx.conf"), """
                        worker_processes 1;
                        error_log %1$s/error.log warn;
                        pid %1$s/nginx.pid;
                        events { worker_connections 1024; }
                        http {
                            access_log off;
                            client_body_temp_path %1$s/body;
                            proxy_temp_path %1$s/proxy;
                            fastcgi_temp_path %1$s/fastcgi;
                            uwsgi_temp_path %1$s/uwsgi;
                            scgi_temp_path %1$s/scgi;
                            include %1$s/upstream.conf;
                        }
                        """.formatted(dir));
                command = List.of(nginx.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                        "-g", "daemon off;");
            } else {
                var haproxy = RealTools.program("haproxy", "apt-get install haproxy");
                Files.writeString(dir.resolve("haproxy.cfg"),
                        exported.replace("bind :" + Upstreams.LISTEN_PORT, "bind 127.0.0.1:" + port));
                command = List.of(haproxy.toString(), "-db", "-f", dir.resolve("haproxy.cfg").toString());
            }
            var process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(tool + ".out").toFile()).start();
            RealTools.awaitPort(port, process, Duration.ofSeconds(20));
            return new Balancer(process, port);
        }

        Profile client() {
            return Profile.starter().withEndpoint(new Endpoint(null, ProviderKind.OPENAI_COMPATIBLE,
                            "http://127.0.0.1:" + port + "/v1", null, null, null)).withModel("sim-fast")
                    .withParams(Params.DEFAULTS.withMaxTokens(24).withStream(true))
                    .withLevers(Levers.DEFAULTS.withRetry(new Levers.Retry(0, null, null, null, null, null)));
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Routing.Target target(Fleet fleet, String name, Double weight, String group) {
        return new Routing.Target(name, new Endpoint(null, ProviderKind.OPENAI_COMPATIBLE,
                fleet.replica(name).baseUrl() + "/v1", null, null, null), null, weight, group);
    }

    private static Profile routed(Routing routing) {
        return Profile.starter().withEndpoint(routing.targets().getFirst().endpoint()).withModel("sim-fast")
                .withRouting(routing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "haproxy"})
    void streamsPassThroughEventByEventAndRoundRobinTakesEachReplicaInTurn(String tool) throws Exception {
        var config = SimConfig.defaults().withReplicas(List.of(new Replica("near", null, null, null, null, null),
                new Replica("far", null, null, null, null, new Network(40.0, null, null)),
                new Replica("slow", null, 2.0, null, null, null)));
        try (var fleet = Fleet.start(config, InetAddress.getLoopbackAddress(), 0);
             var engine = CallEngine.builder(Catalog.builtIn()).build()) {
            var profile = routed(new Routing(Routing.Strategy.ROUND_ROBIN, List.of(target(fleet, "near", null, null),
                    target(fleet, "far", null, null), target(fleet, "slow", null, null)), null));
            var export = EXPORTERS.exporter(tool).orElseThrow().export(profile);
            try (var balancer = Balancer.start(tool, export.text(), dir)) {
                for (int i = 0; i < 9; i++) {
                    var result = engine.call(balancer.client(), CallOptions.DEFAULTS);
                    assertThat(result.ok()).as(tool + ": " + result.error()).isTrue();
                    var metrics = result.metrics();
                    // Not held back for a full buffer: the first token arrives long before the last.
                    assertThat(metrics.chunkGapsMs()).hasSizeGreaterThan(10);
                    assertThat(metrics.ttftMs()).isLessThan(metrics.e2eMs() * 0.8);
                }
            }
            assertThat(fleet.replicas()).allSatisfy(member ->
                    assertThat(member.simulator().requestsReceived()).as(member.name()).isEqualTo(3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "haproxy"})
    void aFailingPrimaryHandsItsCallsToTheBackupGroup(String tool) throws Exception {
        var down = List.of(FaultSpec.always(FaultSpec.Type.HTTP_503));
        var config = SimConfig.defaults().withReplicas(List.of(new Replica("primary", null, null, null, down, null),
                new Replica("backup", null, null, null, null, null)));
        try (var fleet = Fleet.start(config, InetAddress.getLoopbackAddress(), 0);
             var engine = CallEngine.builder(Catalog.builtIn()).build()) {
            var profile = routed(new Routing(Routing.Strategy.LEAST_OUTSTANDING, List.of(
                    target(fleet, "primary", null, "main"), target(fleet, "backup", null, "spare")),
                    new Routing.Fallback(List.of(503), true, 1, 30)))
                    .withLevers(Levers.DEFAULTS.withRetry(new Levers.Retry(1, null, null, null, null, null)));
            var export = EXPORTERS.exporter(tool).orElseThrow().export(profile);
            assertThat(export.text()).contains("backup");
            // nginx passes the failed try on to the backup at once. HAProxy retries only on servers that are up and
            // brings in its backups once the primary is marked down (after allowedFails 5xx answers): the answer
            // that marks it down reaches the client.
            int failuresSeen = tool.equals("nginx") ? 0 : 1;
            try (var balancer = Balancer.start(tool, export.text(), dir)) {
                for (int i = 0; i < 4 + failuresSeen; i++) {
                    var result = engine.call(balancer.client(), CallOptions.DEFAULTS);
                    if (i < failuresSeen) {
                        assertThat(result.error().status()).isEqualTo(503);
                    } else {
                        assertThat(result.ok()).as(tool + " call " + i + ": " + result.error()).isTrue();
                    }
                }
            }
            assertThat(fleet.replica("backup").requestsReceived()).isEqualTo(4);
            assertThat(fleet.replica("primary").requestsReceived()).isBetween(1L, 4L);
        }
    }
}
