package dev.llmdyno.ui;

import dev.llmdyno.BenchReport;
import dev.llmdyno.sim.ModelSpec;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How busy the FX thread gets: while an answer streams at 200 tokens/s with the machine panel updating, and while
 * typing into a 100k-token prompt. Two gauges: the gap between consecutive pulses (an AnimationTimer), and how long
 * a task posted to the FX thread every 5 ms waits before it runs (the longest busy stretch it met).
 * Run: {@code xvfb-run -a ./mvnw -pl app test -Pbench -Dtest=UiBenchmark}.
 */
@Tag("benchmark")
class UiBenchmark {

    @Test
    void fxThreadWhileStreamingAndTyping() throws Exception {
        var report = new BenchReport("ui");
        FxToolkit.registerPrimaryStage();
        var stage = FxToolkit.registerStage(Stage::new);
        // 5 ms per token = 200 tokens/s, 2,000 tokens: a 10-second answer.
        var window = TestWindow.open(stage, 1280, 800, false, List.of(
                new ModelSpec("sim-fast", 100.0, 1.0, 0.1, 5.0, 0.0, 0.0, 1.0, 1, 8, 0.0, 2_000, 2_000, 0)));
        var robot = new FxRobot();
        robot.interact(() -> {
            window.playground.form.model.set("sim-fast");
            window.playground.form.maxTokens.set("4000");
        });
        Thread.sleep(2_000); // let the machine panel start sampling

        var gauges = new FxGauges();
        gauges.start();
        robot.interact(window.playground::run);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !window.playground.runs.runningProperty().get()
                && !window.playground.runs.history().isEmpty());
        gauges.stop();
        var result = window.playground.runs.history().getFirst().result();
        report.line(String.format("streaming %d tokens at %.0f tokens/s (decode) with the machine panel sampling: %s",
                result.metrics().outputTokens(), result.metrics().decodeTps(), gauges.summary()));

        // Typing into a 100k-token prompt.
        var big = Files.readString(Path.of("..", "docs", "metrics.md"));
        var prompt = new StringBuilder();
        while (prompt.length() < 420_000) {
            prompt.append(big);
        }
        robot.interact(() -> window.playground.form.messages.getFirst().contentProperty().set(prompt.toString()));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#token-count").queryLabeled().getText().matches("1\\d\\d,\\d{3} tokens.*"));
        report.line("100k-token prompt loaded: " + robot.lookup("#token-count").queryLabeled().getText());
        var area = robot.lookup(".message-content").queryAs(org.fxmisc.richtext.StyleClassedTextArea.class);
        var typing = new FxGauges();
        typing.start();
        var keystrokes = new ArrayList<Double>();
        var recounts = new ArrayList<Double>();
        var random = new java.util.Random(1);
        for (int i = 0; i < 60; i++) {
            long before = window.playground.countsShownProperty().get();
            int at = random.nextInt(area.getLength());
            var typed = i % 2 == 0 ? "x" : " ";
            long start = System.nanoTime();
            // What a keystroke does: insert into the editor on the FX thread; the form, the variables and the count follow.
            var fxMillis = WaitForAsyncUtils.asyncFx(() -> {
                long t = System.nanoTime();
                area.insertText(at, typed);
                return (System.nanoTime() - t) / 1e6;
            }).get();
            keystrokes.add(fxMillis);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.playground.countsShownProperty().get() > before);
            recounts.add((System.nanoTime() - start) / 1e6);
            Thread.sleep(30);
        }
        typing.stop();
        assertThat(area.getLength()).as("every keystroke landed").isEqualTo(prompt.length() + 60);
        var fx = keystrokes.stream().mapToDouble(Double::doubleValue).toArray();
        var counted = recounts.stream().mapToDouble(Double::doubleValue).toArray();
        report.line(String.format("60 keystrokes at random places of it: FX-thread time per keystroke p50 %.2f ms, p99 %.2f ms; keystroke to updated count p50 %.0f ms, p95 %.0f ms; %s",
                BenchReport.quantile(fx, 0.5), BenchReport.quantile(fx, 0.99), BenchReport.quantile(counted, 0.5),
                BenchReport.quantile(counted, 0.95), typing.summary()));
        window.close();
        FxToolkit.cleanupStages();
    }
}
