package dev.llmdyno.ui;

import dev.llmdyno.TestPaths;
import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Prompt;
import dev.llmdyno.sim.ModelSpec;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Renders the screenshots in docs/screenshots/ from the real window after a real run against the simulator.
 * Run: {@code xvfb-run -a ./mvnw -pl app test -Pscreenshots}.
 */
@Tag("screenshots")
class Screenshots {

    private static java.awt.image.BufferedImage toBufferedImage(javafx.scene.image.Image image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        var out = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        var pixels = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(),
                pixels, 0, width);
        out.setRGB(0, 0, width, height, pixels, 0, width);
        return out;
    }

    /** One playground screenshot: the window's size, its theme and the file. */
    private record Shot(int width, int height, boolean dark, String file) {
    }

    @Test
    void playgroundLightAndDarkAtTwoSizes() throws Exception {
        FxToolkit.registerPrimaryStage();
        for (var shot : List.of(new Shot(1280, 800, false, "playground.png"), new Shot(1280, 800, true, "playground-dark.png"),
                new Shot(1600, 1000, false, "playground-1600.png"))) {
            boolean dark = shot.dark();
            var stage = FxToolkit.registerStage(Stage::new);
            var window = TestWindow.open(stage, shot.width(), shot.height(), dark, List.of(
                    new ModelSpec("sim-balanced", 250.0, 20.0, 0.1, 12.0, 0.15, 0.005, 4.0, 1, 32, 1.0, 90, 140, 0),
                    new ModelSpec("sim-fast", 120.0, 8.0, 0.1, 6.0, 0.15, 0.005, 4.0, 1, 64, 0.8, 60, 90, 0)));
            var robot = new FxRobot();
            robot.interact(() -> window.playground.load(Profile.starter().withName("Explainer").withPrompt(new Prompt(
                    "You are a concise technical writer.",
                    List.of(Message.user("Explain {{topic}} to a {{audience}} in three sentences.")),
                    Map.of("topic", "time to first token", "audience", "product manager")))));
            for (var model : List.of("sim-fast", "sim-balanced")) {
                robot.interact(() -> {
                    window.playground.form.model.set(model);
                    window.playground.run();
                });
                WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !window.playground.runs.runningProperty().get()
                        && robot.lookup("#history").queryAs(TableView.class).getItems().size() > (model.equals("sim-fast") ? 0 : 1));
            }
            Thread.sleep(2_500); // a few machine samples for the sparklines
            WaitForAsyncUtils.waitForFxEvents();
            var file = TestPaths.docs().resolve("screenshots").resolve(shot.file());
            Files.createDirectories(file.getParent());
            var image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get();
            javax.imageio.ImageIO.write(toBufferedImage(image), "png", file.toFile());
            window.close();
            FxToolkit.cleanupStages();
        }
    }

    @Test
    void experimentsTab() throws Exception {
        FxToolkit.registerPrimaryStage();
        var stage = FxToolkit.registerStage(Stage::new);
        var window = TestWindow.open(stage, 1440, 900, false, List.of(
                new ModelSpec("sim-balanced", 180.0, 20.0, 0.1, 4.0, 0.2, 0.01, 4.0, 2, 32, 1.0, 30, 60, 0),
                new ModelSpec("sim-fast", 90.0, 8.0, 0.1, 2.0, 0.2, 0.01, 4.0, 2, 64, 0.8, 30, 60, 0)));
        var robot = new FxRobot();
        robot.interact(() -> {
            window.playground.load(Profile.starter().withName("Explainer").withModel("sim-balanced"));
            window.experiments.usePlaygroundProfile();
            window.experiments.draft.model.set("sim-fast");
            window.experiments.addVariant();
            window.experiments.draft.name.set("fast, 64 tokens");
            window.experiments.draft.model.set("sim-fast");
            window.experiments.draft.maxTokens.set("64");
            window.experiments.addVariant();
            window.experiments.repetitions.set(60);
            window.experiments.level.set("6");
        });
        robot.clickOn("Experiments");
        robot.interact(window.experiments::run);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !window.experiments.runningProperty().get()
                && !window.experiments.resultRows.isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        var file = TestPaths.docs().resolve("screenshots").resolve("experiments.png");
        var image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get();
        javax.imageio.ImageIO.write(toBufferedImage(image), "png", file.toFile());
        window.close();
        FxToolkit.cleanupStages();
    }
}
