package dev.llmdyno.sim;

import dev.llmdyno.BenchReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator under load from a client process on the same machine ({@link NioStreamClient}, one thread and a
 * selector, so that the simulator is what is measured): concurrent streams of 200 tokens at 20 ms a token, each
 * run after a warm-up run of the same size, and the event rate with no delays.
 * Run: {@code ./mvnw -pl app test -Pbench -Dtest=SimulatorBenchmark}.
 */
@Tag("benchmark")
class SimulatorBenchmark {

    private static ModelSpec model(double ttftMs, double decodeMs, int tokens) {
        return new ModelSpec("bench", ttftMs, 0.0, 0.1, decodeMs, 0.0, 0.0, 1.0, 1, 10_000, 0.0, tokens, tokens, 0);
    }

    @Test
    void concurrentStreamsAndEventRate() throws Exception {
        var report = new BenchReport("simulator");
        try (var sim = Simulator.startLocal(SimConfig.defaults().withModels(List.of(model(50, 20, 200))))) {
            for (int streams : new int[]{500, 1_000, 2_000}) {
                client(sim, streams, 200); // warm-up
                sim.takeScheduleLag();
                var result = client(sim, streams, 200);
                var lag = sim.takeScheduleLag();
                report.line(String.format("%d concurrent streams x 200 tokens at 20 ms/token: %d complete, %.0f events/s; send lateness p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                        streams, result.completed(), result.events() / result.seconds(), lag.getValueAtPercentile(50) / 1000.0,
                        lag.getValueAtPercentile(99) / 1000.0, lag.getValueAtPercentile(99.9) / 1000.0, lag.getMaxValue() / 1000.0));
                assertThat(result.completed()).isEqualTo(streams);
            }
        }
        for (int streams : new int[]{1_000, 2_000}) {
            try (var floor = new SseWriteFloor()) {
                var client = client(floor.port(), streams, 200);
                floor.serve(streams, 200, 20, 50); // warm-up
                var result = client.get();
                client = client(floor.port(), streams, 200);
                var lag = floor.serve(streams, 200, 20, 50);
                result = client.get();
                report.line(String.format("floor (bare NIO writes of prebuilt events), %d streams: %d complete, %.0f events/s; send lateness p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                        streams, result.completed(), result.events() / result.seconds(), lag.getValueAtPercentile(50) / 1000.0,
                        lag.getValueAtPercentile(99) / 1000.0, lag.getMaxValue() / 1000.0));
            }
        }
        try (var sim = Simulator.startLocal(SimConfig.defaults().withModels(List.of(model(0, 0, 1_000))))) {
            client(sim, 200, 1_000);
            var result = client(sim, 200, 1_000);
            report.line(String.format("no delays, 200 streams x 1000 tokens: %d events in %.2f s = %.0f events/s",
                    result.events(), result.seconds(), result.events() / result.seconds()));
            assertThat(result.completed()).isEqualTo(200);
        }
    }

    record Result(int completed, long events, double seconds) {
    }

    private static Result client(Simulator sim, int streams, int tokens) throws Exception {
        return client(sim.port(), streams, tokens).get();
    }

    /** Starts the client process; the future completes with its result when it exits. */
    private static CompletableFuture<Result> client(int port, int streams, int tokens) throws IOException {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                NioStreamClient.class.getName(), String.valueOf(port), String.valueOf(streams), String.valueOf(tokens))
                .redirectErrorStream(true).start();
        return CompletableFuture.supplyAsync(() -> {
            try {
                var output = new String(process.getInputStream().readAllBytes()).strip().split("\\s+");
                assertThat(process.waitFor()).isZero();
                return new Result(Integer.parseInt(output[0]), Long.parseLong(output[1]), Double.parseDouble(output[2]));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }
}
