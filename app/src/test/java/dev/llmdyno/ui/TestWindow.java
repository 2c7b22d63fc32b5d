package dev.llmdyno.ui;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.store.Store;
import dev.llmdyno.telemetry.GpuSource;
import dev.llmdyno.telemetry.MachineSampler;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.ui.experiments.ExperimentsViewModel;
import dev.llmdyno.ui.machine.MachineViewModel;
import dev.llmdyno.ui.playground.PlaygroundViewModel;
import dev.llmdyno.ui.shell.MainWindow;
import dev.llmdyno.ui.shell.Settings;
import dev.llmdyno.ui.shell.SettingsStore;
import javafx.stage.Stage;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** The main window wired to an in-process simulator with the given models, for UI tests and benchmarks. */
final class TestWindow implements AutoCloseable {

    final CallEngine engine;
    final MachineSampler sampler;
    final PlaygroundViewModel playground;
    final ExperimentsViewModel experiments;
    final MainWindow window;
    final Store history;

    TestWindow(Stage stage, boolean dark, List<ModelSpec> models) throws IOException {
        this(stage, dark, models, Files.createTempDirectory("dyno-ui").resolve("history.db"));
    }

    /** With the history kept in {@code historyFile}, as the app keeps it between sessions. */
    TestWindow(Stage stage, boolean dark, List<ModelSpec> models, java.nio.file.Path historyFile) throws IOException {
        var catalog = Catalog.builtIn();
        engine = new CallEngine(catalog, SecretResolver.of(Map.of()), NanoClock.SYSTEM, SimConfig.defaults().withModels(models));
        var ui = new FxUiThread();
        var background = Executors.newVirtualThreadPerTaskExecutor();
        sampler = new MachineSampler(GpuSource.NONE);
        var machine = new MachineViewModel();
        sampler.addListener(reading -> ui.post(() -> machine.accept(reading)));
        playground = new PlaygroundViewModel(catalog, engine, ui, background, sampler::latest);
        var dir = Files.createTempDirectory("dyno-ui");
        history = Store.open(historyFile);
        playground.keepRunsIn(history);
        var built = new MainWindow[1];
        experiments = new ExperimentsViewModel(catalog, engine, history, ui, background, playground.form::profile,
                profile -> built[0].showInPlayground(profile));
        MainWindow.applyTheme(dark);
        window = new MainWindow(stage, playground, experiments, machine, Settings.defaults(), new SettingsStore(dir, dir),
                SecretResolver.of(Map.of()), background, ui);
        built[0] = window;
        stage.show();
        sampler.start();
    }

    /** Opens the window at the given size on the FX thread (for tests that do not use TestFX's {@code @Start}). */
    static TestWindow open(Stage stage, int width, int height, boolean dark, List<ModelSpec> models) throws Exception {
        var holder = new TestWindow[1];
        org.testfx.api.FxToolkit.setupFixture(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
            try {
                holder[0] = new TestWindow(stage, dark, models);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return holder[0];
    }

    @Override
    public void close() {
        sampler.close();
        engine.close();
        history.close();
    }
}
