package dev.llmdyno.ui;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallObserver;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.call.TrustedCertificates;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.metrics.MetricsServer;
import dev.llmdyno.metrics.Telemetry;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.store.Store;
import dev.llmdyno.store.StoreException;
import dev.llmdyno.telemetry.MachineSampler;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.ui.experiments.ExperimentsViewModel;
import dev.llmdyno.ui.machine.MachineViewModel;
import dev.llmdyno.ui.playground.PlaygroundViewModel;
import dev.llmdyno.ui.shell.MainWindow;
import dev.llmdyno.ui.shell.Settings;
import dev.llmdyno.ui.shell.SettingsStore;
import javafx.application.Application;
import javafx.stage.Stage;

import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The desktop application. Files are read in {@link #init()} (off the FX thread), the window is built in
 * {@link #start}, and the working profile is autosaved a few seconds after each change and on exit, so a crash
 * loses at most those seconds.
 */
public final class DesktopApp extends Application {

    private static final long AUTOSAVE_DELAY_SECONDS = 3;
    /** The port the desktop serves its calls' metrics on, when set. */
    public static final String METRICS_PORT_VARIABLE = "LLM_DYNO_METRICS_PORT";

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("autosave").factory());
    private final UiThread ui = new FxUiThread();
    private SettingsStore store;
    private Settings settings;
    private Profile restored;
    private Catalog catalog;
    private CallEngine engine;
    private Store history;
    private MetricsServer metrics;
    private Telemetry telemetry;
    private volatile MachineSampler sampler;
    private MainWindow window;
    private PlaygroundViewModel playground;
    private java.util.concurrent.ScheduledFuture<?> pendingAutosave;

    /** Files and services the window needs, loaded on a background thread while the toolkit starts. */
    private record Loaded(SettingsStore store, Settings settings, Profile restored, Catalog catalog, CallEngine engine,
                          Store history, MetricsServer metrics, Telemetry telemetry) {
        static Loaded load() {
            var store = SettingsStore.standard();
            Catalog catalog;
            try {
                catalog = Catalog.load(Catalog.defaultUserFile());
            } catch (Exception e) {
                catalog = Catalog.builtIn(); // a broken user catalog must not keep the app from starting
            }
            Store history;
            try {
                history = Store.open(Store.defaultFile());
            } catch (StoreException e) {
                // Without the history the app still works; the Experiments tab says the store is unavailable.
                System.getLogger(DesktopApp.class.getName()).log(System.Logger.Level.WARNING, e.getMessage(), e);
                history = null;
            }
            var restored = store.loadAutosave().orElse(Profile.starter());
            TrustedCertificates trust;
            try {
                trust = TrustedCertificates.fromEnvironment(System.getenv());
            } catch (RuntimeException e) {
                // The app still starts; https calls then trust the system's authorities only.
                System.getLogger(DesktopApp.class.getName()).log(System.Logger.Level.WARNING, e.getMessage());
                trust = TrustedCertificates.system();
            }
            var metrics = metricsServer();
            var telemetry = startTelemetry();
            var observers = new java.util.ArrayList<CallObserver>();
            if (metrics != null) {
                observers.add(metrics.observer());
            }
            if (telemetry != null) {
                observers.add(telemetry.observer());
            }
            var engine = CallEngine.builder(catalog).secrets(SecretResolver.system()).clock(NanoClock.SYSTEM)
                    .simulator(SimConfig.defaults()).trust(trust)
                    .observer(CallObserver.all(observers)).build();
            // Off the toolkit's threads and without holding up the window; a Run pressed first waits for it.
            Thread.ofPlatform().daemon().name("call-warm-up").start(() -> engine.warmUp(restored));
            return new Loaded(store, store.loadSettings(), restored, catalog, engine, history, metrics, telemetry);
        }

        /** OpenTelemetry traces and metrics where the OTEL_* variables ask for them; wrong ones are logged, both off. */
        private static Telemetry startTelemetry() {
            try {
                return Telemetry.fromEnvironment(System.getenv()).orElse(null);
            } catch (IllegalArgumentException e) {
                System.getLogger(DesktopApp.class.getName()).log(System.Logger.Level.WARNING, e.getMessage()
                        + "; the desktop runs without OpenTelemetry");
                return null;
            }
        }

        /**
         * The calls' series for Prometheus, when {@code LLM_DYNO_METRICS_PORT} names a port (docs/monitoring.md). A
         * bad value or a port in use is logged and the app starts without them.
         */
        private static MetricsServer metricsServer() {
            var port = System.getenv(METRICS_PORT_VARIABLE);
            if (port == null || port.isBlank()) {
                return null;
            }
            var log = System.getLogger(DesktopApp.class.getName());
            try {
                int number = Integer.parseInt(port.trim());
                if (number < 1 || number > 65_535) {
                    throw new NumberFormatException();
                }
                var server = MetricsServer.start(number);
                log.log(System.Logger.Level.INFO, "metrics for Prometheus at " + server.url());
                return server;
            } catch (NumberFormatException e) {
                log.log(System.Logger.Level.WARNING, METRICS_PORT_VARIABLE + "=" + port
                        + " is not a port (1 to 65535); the desktop runs without metrics");
            } catch (UncheckedIOException e) {
                log.log(System.Logger.Level.WARNING, METRICS_PORT_VARIABLE + ": " + e.getMessage()
                        + "; the desktop runs without metrics");
            }
            return null;
        }
    }

    private static CompletableFuture<Loaded> loading;

    public static void launchDesktop(String[] args) {
        loading = CompletableFuture.supplyAsync(Loaded::load, Executors.newVirtualThreadPerTaskExecutor());
        Application.launch(DesktopApp.class, args);
    }

    @Override
    public void init() throws Exception {
        var loaded = (loading != null ? loading : CompletableFuture.completedFuture(Loaded.load())).get();
        store = loaded.store();
        settings = loaded.settings();
        restored = loaded.restored();
        catalog = loaded.catalog();
        engine = loaded.engine();
        history = loaded.history();
        metrics = loaded.metrics();
        telemetry = loaded.telemetry();
    }

    @Override
    public void start(Stage stage) {
        MainWindow.applyTheme(settings.dark());
        var machine = new MachineViewModel();
        playground = new PlaygroundViewModel(catalog, engine, ui, background, () -> sampler == null ? null : sampler.latest());
        playground.load(restored);
        if (history != null) {
            playground.keepRunsIn(history);
        }
        var experiments = new ExperimentsViewModel(catalog, engine, history, ui, background, playground.form::profile,
                profile -> window.showInPlayground(profile));
        window = new MainWindow(stage, playground, experiments, machine, settings, store, SecretResolver.system(),
                background, ui);
        window.setDocumentOpener(getHostServices()::showDocument);
        playground.form.profileProperty().addListener((obs, old, now) -> scheduleAutosave(now));
        if (Boolean.getBoolean("llmdyno.reportStartup")) {
            // Measuring mode (docs/benchmarks.md): report when the window is up, then quit.
            stage.setOnShown(event -> {
                System.getLogger(DesktopApp.class.getName()).log(System.Logger.Level.INFO,
                        "first window shown {0} ms after JVM start", ManagementFactory.getRuntimeMXBean().getUptime());
                javafx.application.Platform.runLater(stage::close);
            });
        }
        stage.show();
        // OSHI takes a moment to start; the window does not wait for it.
        background.execute(() -> {
            var started = new MachineSampler();
            started.addListener(reading -> ui.post(() -> machine.accept(reading)));
            started.start();
            sampler = started;
        });
    }

    private void scheduleAutosave(Profile profile) {
        if (profile == null) {
            return;
        }
        if (pendingAutosave != null) {
            pendingAutosave.cancel(false);
        }
        pendingAutosave = timer.schedule(() -> autosave(profile), AUTOSAVE_DELAY_SECONDS, TimeUnit.SECONDS);
    }

    private void autosave(Profile profile) {
        try {
            store.autosave(profile);
        } catch (java.io.IOException e) {
            System.getLogger(DesktopApp.class.getName()).log(System.Logger.Level.WARNING,
                    "autosave to " + store.autosaveFile() + " failed; the next change tries again", e);
        }
    }

    @Override
    public void stop() throws Exception {
        var finalSettings = window.currentSettings();
        var profile = playground.form.profile();
        var saving = background.submit(() -> {
            store.saveSettings(finalSettings);
            if (profile != null) {
                store.autosave(profile);
            }
            return null;
        });
        saving.get(5, TimeUnit.SECONDS);
        timer.shutdownNow();
        if (sampler != null) {
            sampler.close();
        }
        engine.close();
        if (metrics != null) {
            metrics.close();
        }
        if (telemetry != null) {
            telemetry.close();
            telemetry.failures().ifPresent(problem -> System.getLogger(DesktopApp.class.getName())
                    .log(System.Logger.Level.WARNING, problem));
        }
        background.shutdownNow();
        if (history != null) {
            history.close();
        }
    }
}
