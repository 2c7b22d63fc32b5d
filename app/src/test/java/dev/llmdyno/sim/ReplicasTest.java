package dev.llmdyno.sim;

import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replicas on their own ports, and the network model (round trip, jitter, bandwidth), seen from a client. */
class ReplicasTest {

    private static final String ASK = "{\"model\":\"m\",\"max_tokens\":20,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

    /** A model with no jitter of its own: 100 ms to the first token, then 2 ms a token, 20 tokens. */
    private static final ModelSpec STEADY = new ModelSpec("m", 100.0, 0.0, 0.1, 2.0, 0.0, 0.0, 1.0, 1, 8, 0.0, 20, 20, 0);

    private static Replica replica(String name, Double slowdown, Network network) {
        return new Replica(name, null, slowdown, null, null, network);
    }

    /** Milliseconds from sending the request to each data event, in order. */
    private static List<Double> eventTimes(Simulator sim) throws IOException {
        var request = new Request.Builder().url(sim.baseUrl() + "/v1/chat/completions")
                .post(RequestBody.create(ASK, MediaType.get("application/json"))).build();
        var times = new ArrayList<Double>();
        long start = System.nanoTime();
        try (var response = Http.CLIENT.newCall(request).execute()) {
            var source = response.body().source();
            String line;
            while ((line = source.readUtf8Line()) != null) {
                if (line.startsWith("data: {") && line.matches(".*\"content\":\"[^\"].*")) {
                    times.add((System.nanoTime() - start) / 1e6);
                }
            }
        }
        return times;
    }

    @Test
    void eachReplicaServesOnItsOwnPortWithItsOwnSpeedAndRoundTrip() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(STEADY)).withReplicas(List.of(
                replica("near", null, null),
                replica("far", null, new Network(150.0, null, null)),
                replica("slow", 3.0, null)));
        try (var fleet = Fleet.start(config, InetAddress.getLoopbackAddress(), 0)) {
            assertThat(fleet.replicas()).extracting(Fleet.Member::name).containsExactly("near", "far", "slow");
            assertThat(fleet.replicas().stream().map(m -> m.simulator().port()).distinct()).hasSize(3);
            eventTimes(fleet.main()); // the client's own first call costs more than any of these
            double near = eventTimes(fleet.replica("near")).getFirst();
            double far = eventTimes(fleet.replica("far")).getFirst();
            var slow = eventTimes(fleet.replica("slow"));
            assertThat(near).isBetween(100.0, 140.0);
            assertThat(far - near).isBetween(140.0, 180.0);
            assertThat(slow.getFirst()).isBetween(300.0, 345.0);
            // 19 more tokens at 3 × 2 ms each
            assertThat(slow.getLast() - slow.getFirst()).isBetween(19 * 6.0 - 10, 19 * 6.0 + 40);
            assertThat(fleet.replica("near").requestsReceived()).isEqualTo(1);
        }
    }

    @Test
    void replicasOfOneModelGiveTheSameAnswerToTheSamePromptButTimeItApart() throws Exception {
        var jittery = new ModelSpec("m", 50.0, 0.0, 0.1, 1.0, 0.3, 0.0, 1.0, 1, 8, 0.0, 10, 60, 0);
        var config = SimConfig.defaults().withModels(List.of(jittery)).withReplicas(List.of(
                replica("a", null, null), replica("b", null, null)));
        var ask = "{\"model\":\"m\",\"max_tokens\":80,\"messages\":[{\"role\":\"user\",\"content\":\"same\"}]}";
        try (var fleet = Fleet.start(config, InetAddress.getLoopbackAddress(), 0)) {
            var a = OpenAiWireTest.json(Http.post(fleet.replica("a").baseUrl() + "/v1/chat/completions", ask).body());
            var b = OpenAiWireTest.json(Http.post(fleet.replica("b").baseUrl() + "/v1/chat/completions", ask).body());
            assertThat(a.at("/choices/0/message/content").asText()).isEqualTo(b.at("/choices/0/message/content").asText());
            assertThat(a.path("id").asText()).isNotEqualTo(b.path("id").asText()); // drawn from the timing seed
        }
    }

    @Test
    void bandwidthSpacesEventsByTheirBytes() throws Exception {
        // About 130 bytes an event at 2,600 bytes/s: each following event at least 50 ms after the one before.
        var config = SimConfig.defaults().withModels(List.of(STEADY)).withNetwork(new Network(null, null, 2_600L));
        try (var sim = Simulator.startLocal(config)) {
            var times = eventTimes(sim);
            assertThat(times).hasSize(20);
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i) - times.get(i - 1)).as("gap before event %d", i).isGreaterThan(40.0);
            }
        }
    }

    @Test
    void jitterDelaysEachResponseDifferentlyButNeverReordersEvents() throws Exception {
        var config = SimConfig.defaults().withModels(List.of(STEADY)).withNetwork(new Network(null, 20.0, null));
        try (var sim = Simulator.startLocal(config)) {
            var firsts = new ArrayList<Double>();
            for (int i = 0; i < 8; i++) {
                var times = eventTimes(sim);
                assertThat(times).isSorted().hasSize(20);
                firsts.add(times.getFirst());
            }
            assertThat(firsts.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                    - firsts.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).isGreaterThan(5.0);
            assertThat(firsts).allSatisfy(first -> assertThat(first).isGreaterThanOrEqualTo(100.0));
        }
    }

    @Test
    void replicaProblemsNameTheirPath() {
        var config = SimConfig.defaults().withModels(List.of(STEADY)).withReplicas(List.of(
                new Replica("a", 70_000, 0.0, 0, List.of(new FaultSpec(FaultSpec.Type.HTTP_500, null, null, null, null, null, "nope")),
                        new Network(-1.0, null, 0L)),
                new Replica("a", null, null, null, null, null),
                new Replica(" ", null, null, null, null, null)));
        assertThat(config.validate()).extracting(Object::toString).containsExactly(
                "replicas[0].port: 70000 is not a port; use 1 to 65535, or 0 for any free one",
                "replicas[0].slowdown: 0 must be more than 0",
                "replicas[0].maxConcurrent: 0 must be at least 1",
                "replicas[0].network.rttMs: -1 must not be negative",
                "replicas[0].network.bytesPerSecond: 0 must be at least 1",
                "replicas[0].faults[0]: needs exactly one of probability or every",
                "replicas[0].faults[0].model: 'nope' is not one of the models",
                "replicas[1].name: 'a' names another replica too",
                "replicas[2].name: must not be empty");
    }

    @Test
    void aReplicaWhosePortIsTakenIsNamedAndNothingIsLeftRunning() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var config = SimConfig.defaults().withReplicas(List.of(
                    new Replica("east", taken.getLocalPort(), null, null, null, null)));
            assertThatThrownBy(() -> Fleet.start(config, InetAddress.getLoopbackAddress(), 0))
                    .isInstanceOf(BindException.class)
                    .hasMessageStartingWith("replica 'east' cannot listen on port " + taken.getLocalPort());
        }
    }
}
