package dev.llmdyno.ui;

import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole app starts, shows its window, and on closing remembers its settings and the working profile. */
@Tag("ui")
@EnabledIfEnvironmentVariable(named = "DISPLAY", matches = ".+")
class DesktopAppTest {

    private static Path home;

    @BeforeAll
    static void isolate() throws Exception {
        home = Files.createTempDirectory("dyno-home");
        System.setProperty("llmdyno.XDG_CONFIG_HOME", home.resolve("config").toString());
        System.setProperty("llmdyno.XDG_DATA_HOME", home.resolve("data").toString());
        FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void restore() {
        System.clearProperty("llmdyno.XDG_CONFIG_HOME");
        System.clearProperty("llmdyno.XDG_DATA_HOME");
    }

    @Test
    void startsAndClosesCleanlyRememberingWhatWasTyped() throws Exception {
        var app = (DesktopApp) FxToolkit.setupApplication(DesktopApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        var stage = (Stage) Window.getWindows().stream().filter(Window::isShowing).findFirst().orElseThrow();
        assertThat(stage.getTitle()).startsWith("LLM Dyno");
        WaitForAsyncUtils.asyncFx(() -> ((org.fxmisc.richtext.StyleClassedTextArea) stage.getScene()
                .lookup("#system-prompt .styled-text-area")).replaceText("Remember me.")).get();
        FxToolkit.cleanupApplication(app);
        assertThat(Files.readString(home.resolve("config/llm-dyno/settings.json"))).contains("\"width\"");
        assertThat(Files.readString(home.resolve("data/llm-dyno/autosave/working-profile.yaml"))).contains("Remember me.");
        WaitForAsyncUtils.asyncFx(() -> Window.getWindows().stream().toList().forEach(w -> ((Stage) w).close())).get();
        Platform.setImplicitExit(false);
    }
}
