package dev.llmdyno.ui.experiments;

import dev.llmdyno.experiment.Arrival;
import dev.llmdyno.experiment.Curves;
import dev.llmdyno.experiment.Results;
import dev.llmdyno.experiment.Slo;
import dev.llmdyno.experiment.SloVerdicts;
import dev.llmdyno.experiment.Sweeps;
import dev.llmdyno.experiment.SampleMetric;
import dev.llmdyno.stats.Ecdf;
import dev.llmdyno.stats.Summary;
import dev.llmdyno.store.ExperimentRecord;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.IntegerProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The Experiments tab: set-up on the left, live charts, results and verdicts on the right. Binds only. */
public final class ExperimentsView extends SplitPane {

    private static final int ECDF_POINTS = 200;
    /** Dots drawn per variant at most in the latency-over-time chart; beyond it every n-th sample is drawn. */
    private static final int MAX_DOTS = 600;
    /** Charts redraw at most this often: live enough to watch, and the FX thread stays free for input. */
    private static final long REDRAW_NANOS = 250_000_000;

    private final ExperimentsViewModel model;
    private final ChartCanvas ecdf = new ChartCanvas("Distribution per variant (ECDF)", "latency (ms)", "fraction ≤ x");
    private final ChartCanvas overTime = new ChartCanvas("Latency over time", "seconds", "latency ms");
    private final ChartCanvas throughput = new ChartCanvas("Throughput (5 s average)", "seconds", "requests/s");
    /** After a sweep: each variant's p95 latency against its throughput, one point per level, the knee ringed. */
    private final ChartCanvas sweepChart = new ChartCanvas("Sweep: p95 latency vs throughput", "requests/s", "p95 ms");
    /** Seconds averaged over in the throughput chart: a per-second count of whole requests is a sawtooth. */
    private static final int THROUGHPUT_WINDOW_SECONDS = 5;
    private final ChangeListener<Number> markDirty = (obs, old, now) -> dirty = true;
    private final AnimationTimer redrawTimer = new AnimationTimer() {
        private long last;

        @Override
        public void handle(long now) {
            if (dirty && now - last >= REDRAW_NANOS) {
                dirty = false;
                last = now;
                redraw();
            }
        }
    };
    private boolean dirty = true;

    public ExperimentsView(ExperimentsViewModel model, List<String> models) {
        this.model = model;
        getStyleClass().add("experiments");
        var setup = new VBox(10, baseSection(), variantsSection(), draftSection(models), runSection(), savedSection());
        setup.setPadding(new Insets(10));
        var scroller = new ScrollPane(setup);
        scroller.setFitToWidth(true);
        var left = new javafx.scene.layout.BorderPane(scroller);
        left.setBottom(runBar());
        left.setMinWidth(340);
        var charts = new HBox(8, ecdf, overTime, throughput, sweepChart);
        charts.getChildren().forEach(chart -> HBox.setHgrow(chart, Priority.ALWAYS));
        sweepChart.setId("sweep-chart");
        sweepChart.visibleProperty().bind(model.sweep.isNotNull());
        sweepChart.managedProperty().bind(sweepChart.visibleProperty());
        model.sweep.addListener((obs, old, now) -> showSweep(now));
        var verdicts = new ListView<>(model.verdicts);
        verdicts.setPrefHeight(110);
        dev.llmdyno.ui.WrappingListCell.use(verdicts);
        verdicts.setPlaceholder(new Label("Verdicts appear when the run ends."));
        verdicts.setId("verdicts");
        var right = new VBox(8, charts, resultsTable(), targetsTable(), new Label("Verdicts"), verdicts);
        right.setPadding(new Insets(10));
        VBox.setVgrow(charts, Priority.ALWAYS);
        getItems().addAll(left, right);
        setDividerPositions(0.3);
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene == null) {
                model.live.revisionProperty().removeListener(markDirty);
                redrawTimer.stop();
            } else {
                model.live.revisionProperty().addListener(markDirty);
                dirty = true;
                redrawTimer.start();
            }
        });
    }

    private VBox baseSection() {
        var base = new Label();
        base.setWrapText(true);
        base.textProperty().bind(Bindings.createStringBinding(() -> {
            var profile = model.baseProperty().get();
            return "Base: " + (profile.name() == null ? "unnamed profile" : profile.name()) + " · " + profile.model()
                    + " · max " + profile.params().maxTokens() + " tokens";
        }, model.baseProperty()));
        var use = new Button("Use playground profile");
        use.setOnAction(e -> model.usePlaygroundProfile());
        use.setTooltip(new Tooltip("Take the playground's current profile as the base; variants keep their changes."));
        use.disableProperty().bind(model.runningProperty());
        return new VBox(6, heading("Base profile"), base, use);
    }

    private VBox variantsSection() {
        var list = new ListView<>(model.variants);
        list.setId("variants");
        list.setPrefHeight(120);
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(VariantRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.name() + " — " + row.changes());
            }
        });
        var remove = new Button("Remove");
        remove.disableProperty().bind(list.getSelectionModel().selectedIndexProperty().lessThan(1)
                .or(model.runningProperty()));
        remove.setOnAction(e -> model.removeVariant(list.getSelectionModel().getSelectedItem()));
        return new VBox(6, heading("Variants (the first is the baseline)"), list, remove);
    }

    /**
     * The variant being written: its name and model, then every parameter and lever and the prompt, as the
     * playground edits them; only what differs from the base becomes the variant.
     */
    private TitledPane draftSection(List<String> models) {
        var draft = model.draft;
        var grid = new GridPane(8, 6);
        var name = new TextField();
        name.setId("variant-name");
        name.textProperty().bindBidirectional(draft.name);
        var modelBox = new ComboBox<>(FXCollections.observableArrayList(models));
        modelBox.setId("variant-model");
        modelBox.setEditable(true);
        modelBox.valueProperty().bindBidirectional(draft.model);
        row(grid, 0, "Name", name);
        row(grid, 1, "Model", modelBox);
        var parameterFields = new dev.llmdyno.ui.playground.ParametersView(draft.form, "variant-");
        parameterFields.setMinWidth(0);
        var parameters = new TitledPane("Parameters and levers", parameterFields);
        parameters.setId("variant-parameters");
        parameters.setExpanded(false);
        parameters.setTooltip(new Tooltip("Sampling parameters, timeouts, retries, rate limits, cache, context budget, connection."));
        var prompt = new TitledPane("Prompt", dev.llmdyno.ui.playground.PromptEditorView.of(draft.form, "variant-"));
        prompt.setId("variant-prompt");
        prompt.setExpanded(false);
        prompt.setTooltip(new Tooltip("Change the system prompt or the messages for this variant only."));
        var changes = new Label();
        changes.setWrapText(true);
        changes.setId("draft-changes");
        changes.textProperty().bind(Bindings.when(draft.problemProperty().isEmpty())
                .then(draft.changesProperty()).otherwise(draft.problemProperty()));
        var add = new Button("Add variant");
        add.setId("add-variant");
        add.setDefaultButton(false);
        add.setOnAction(e -> model.addVariant());
        add.disableProperty().bind(draft.readyProperty().not().or(model.runningProperty()));
        var box = new VBox(8, grid, parameters, prompt, changes, add);
        var pane = new TitledPane("New variant", box);
        pane.setCollapsible(false);
        return pane;
    }

    /** An editable spinner that shows {@code value} and sets it, whichever side changes. */
    private static Spinner<Integer> spinner(IntegerProperty value, int min, int max) {
        var spinner = new Spinner<Integer>(min, max, value.get());
        spinner.setEditable(true);
        var boxed = value.asObject();
        spinner.getProperties().put(IntegerProperty.class, boxed); // bidirectional bindings hold it only weakly
        spinner.getValueFactory().valueProperty().bindBidirectional(boxed);
        return spinner;
    }

    private VBox runSection() {
        var grid = new GridPane(8, 6);
        var mode = new ChoiceBox<>(FXCollections.observableArrayList(Arrival.Mode.values()));
        labelled(mode, m -> switch (m) {
            case SEQUENTIAL -> "Sequential";
            case CONCURRENCY -> "Fixed concurrency";
            case CONSTANT -> "Constant rate";
            case POISSON -> "Poisson rate";
            case SWEEP -> "Sweep";
        });
        mode.valueProperty().bindBidirectional(model.mode);
        var level = field(model.level, "callers or requests/s");
        level.disableProperty().bind(model.mode.isEqualTo(Arrival.Mode.SEQUENTIAL).or(model.mode.isEqualTo(Arrival.Mode.SWEEP)));
        var over = new ChoiceBox<>(FXCollections.observableArrayList(Arrival.Mode.CONCURRENCY, Arrival.Mode.CONSTANT,
                Arrival.Mode.POISSON));
        labelled(over, Arrival.Mode::id);
        over.valueProperty().bindBidirectional(model.sweepOver);
        var levels = field(model.sweepLevels, "1, 5, 20");
        // Apart, on rows of their own: side by side the levels field was squeezed to a sliver beside the mode's name.
        var notSweeping = model.mode.isNotEqualTo(Arrival.Mode.SWEEP);
        over.disableProperty().bind(notSweeping);
        levels.disableProperty().bind(notSweeping);
        var cap = field(model.maxInFlight, "requests; no cap");
        cap.setId("max-in-flight");
        cap.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> !(model.mode.get().openLoop()
                || model.mode.get() == Arrival.Mode.SWEEP && model.sweepOver.get().openLoop()), model.mode, model.sweepOver));
        cap.setTooltip(new Tooltip("The most requests in flight at once at a constant or Poisson rate; a wait for a "
                + "place is counted as queue time."));
        var repetitions = spinner(model.repetitions, 1, 100_000);
        var warmup = spinner(model.warmup, 0, 100);
        var metric = new ChoiceBox<>(FXCollections.observableArrayList(SampleMetric.values()));
        labelled(metric, SampleMetric::id);
        metric.valueProperty().bindBidirectional(model.metric);
        int row = 0;
        row(grid, row++, "Arrival", mode);
        row(grid, row++, "Concurrency / rate", level);
        row(grid, row++, "At most in flight", cap);
        row(grid, row++, "Sweep over", over);
        row(grid, row++, "Sweep levels", levels);
        row(grid, row++, "Repetitions", repetitions);
        row(grid, row++, "Warm-up", warmup);
        row(grid, row++, "Decide on", metric);
        row(grid, row++, "Max cost ($)", field(model.maxCostUsd, "no limit"));
        var ttft = field(model.sloTtftP95Ms, "ms; no limit");
        ttft.setId("slo-ttft");
        row(grid, row++, "SLO: TTFT p95", ttft);
        row(grid, row++, "SLO: latency p95", field(model.sloLatencyP95Ms, "ms; no limit"));
        row(grid, row++, "SLO: errors", field(model.sloErrorPercent, "% of requests; no limit"));
        var server = field(model.serverMetricsUrl, "a /metrics URL; none");
        server.setId("server-metrics");
        server.setTooltip(new javafx.scene.control.Tooltip("A vLLM server's or the simulator's Prometheus endpoint: "
                + "its own queue, TTFT and batch over the run, beside the client's figures"));
        row(grid, row, "Server metrics", server);
        return new VBox(8, heading("Run"), grid);
    }

    /** Run, stop and promote with the progress and problems: kept in sight under the set-up, however long it is. */
    private VBox runBar() {
        var run = new Button("Run experiment");
        run.setId("run-experiment");
        run.getStyleClass().add("accent");
        run.setOnAction(e -> model.run());
        run.disableProperty().bind(model.runningProperty());
        var stop = new Button("Stop");
        stop.setOnAction(e -> model.cancel());
        stop.disableProperty().bind(model.runningProperty().not());
        var promote = new Button("Promote winner");
        promote.setId("promote-winner");
        promote.setOnAction(e -> model.promoteWinner());
        promote.disableProperty().bind(model.winnerProperty().isNull().or(model.runningProperty()));
        promote.setTooltip(new Tooltip("Make the variant that beat the baseline the playground's profile."));
        var progress = new ProgressBar();
        progress.progressProperty().bind(model.progressProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        var status = new Label();
        status.setId("experiment-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        var problems = new Label();
        problems.getStyleClass().add("danger");
        problems.setWrapText(true);
        problems.textProperty().bind(model.problemsProperty());
        var bar = new VBox(6, new HBox(8, run, stop, promote), progress, status, problems);
        bar.setPadding(new Insets(8, 10, 8, 10));
        bar.getStyleClass().add("run-bar");
        return bar;
    }

    private VBox savedSection() {
        var list = new ListView<>(model.saved);
        list.setPrefHeight(130);
        list.setPlaceholder(new Label(model.hasStore() ? "No stored experiments yet." : "The history store is not available."));
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(ExperimentRecord record, boolean empty) {
                super.updateItem(record, empty);
                setText(empty || record == null ? null : "#" + record.id() + " " + record.name() + " — "
                        + record.status().id() + " (" + record.samples() + " samples)");
            }
        });
        var selected = list.getSelectionModel().selectedItemProperty();
        var open = new Button("Show");
        open.disableProperty().bind(selected.isNull().or(model.runningProperty()));
        open.setOnAction(e -> model.open(selected.get()));
        var resume = new Button("Resume");
        resume.disableProperty().bind(Bindings.createBooleanBinding(() -> selected.get() == null
                || !(selected.get().status() == dev.llmdyno.experiment.Outcome.Status.INTERRUPTED
                || selected.get().status() == dev.llmdyno.experiment.Outcome.Status.CANCELLED), selected)
                .or(model.runningProperty()));
        resume.setOnAction(e -> model.resume(selected.get()));
        return new VBox(6, heading("Stored experiments"), list, new HBox(8, open, resume));
    }

    private TableView<Results.VariantResult> resultsTable() {
        var table = new TableView<>(model.resultRows);
        table.setId("experiment-results");
        table.setPlaceholder(new Label("Results appear when the run ends."));
        table.setPrefHeight(170);
        table.getColumns().addAll(List.of(
                column("Variant", 126, Results.VariantResult::variant),
                column("Pace", 108, Results.VariantResult::pace),
                column("n", 44, r -> String.valueOf(r.requests())),
                column("Errors", 66, r -> String.valueOf(r.requests() - r.succeeded())),
                percentiles("TTFT", SampleMetric.TTFT),
                percentiles("Latency", SampleMetric.LATENCY),
                column("req/s", 54, r -> String.format(Locale.ROOT, "%.2f", r.requestsPerSecond())),
                column("out tok/s", 78, r -> String.format(Locale.ROOT, "%.0f", r.outputTokensPerSecond())),
                column("$/request", 90, r -> Double.isNaN(r.costPerRequestUsd().estimate()) ? "-"
                        : String.format(Locale.ROOT, "$%.6f", r.costPerRequestUsd().estimate())),
                sloColumn()));
        // The names a row is read by, and its standing, keep their room: the figures give way before
        // "fast, 64 tok..." or "uncl..." would.
        var columns = table.getColumns();
        List.of(columns.get(0), columns.get(1), columns.getLast()).forEach(c -> c.setMinWidth(c.getPrefWidth()));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getStyleClass().add(atlantafx.base.theme.Styles.DENSE);
        return table;
    }

    /** Where a routed variant's requests went and how each target did; shown only when a variant is routed. */
    private VBox targetsTable() {
        var table = new TableView<>(model.targetRows);
        table.setId("experiment-targets-table");
        table.setPrefHeight(130);
        table.getColumns().addAll(List.of(
                column("Variant", 150, Results.TargetRow::variant),
                column("Pace", 118, Results.TargetRow::pace),
                column("Target", 120, Results.TargetRow::target),
                column("n", 50, r -> String.valueOf(r.requests())),
                column("Errors", 66, r -> String.valueOf(r.failed())),
                column("TTFT p50", 84, r -> figure(r.p50TtftMs())),
                column("TTFT p95", 84, r -> figure(r.p95TtftMs())),
                column("Latency p50", 96, r -> figure(r.p50LatencyMs())),
                column("Latency p95", 96, r -> figure(r.p95LatencyMs()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getStyleClass().add(atlantafx.base.theme.Styles.DENSE);
        var box = new VBox(4, new Label("Per target (ms)"), table);
        box.setId("experiment-targets");
        box.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.targetRows));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private static String figure(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.0f", ms);
    }

    private void redraw() {
        var series = model.live.series();
        var distributions = new ArrayList<ChartCanvas.Line>();
        var points = new ArrayList<ChartCanvas.Line>();
        for (var s : series) {
            var e = Ecdf.of(s.values(), ECDF_POINTS);
            distributions.add(new ChartCanvas.Line(s.name(), e.values(), e.fractions(), true));
            points.add(thinned(s));
        }
        var metric = model.live.metric();
        ecdf.setXLabel(metric.label() + (metric.unit() == SampleMetric.Unit.MS ? " (ms)" : ""));
        ecdf.show(distributions);
        overTime.show(points);
        var perSecond = Curves.movingAverage(model.live.throughput(), THROUGHPUT_WINDOW_SECONDS);
        var seconds = new double[perSecond.length];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = i + 0.5;
        }
        throughput.show(perSecond.length == 0 ? List.of() : List.of(new ChartCanvas.Line("all variants", seconds, perSecond, true)));
    }

    private void showSweep(Results results) {
        if (results == null) {
            sweepChart.show(List.of());
            return;
        }
        var lines = new ArrayList<ChartCanvas.Line>();
        for (var variant : results.variants().stream().map(Results.VariantResult::variant).distinct().toList()) {
            var rows = Sweeps.rowsOf(results, variant);
            var knee = results.slo() != null && variant.equals(results.variants().getFirst().variant())
                    ? java.util.Optional.ofNullable(results.knee()) : Sweeps.bend(rows);
            lines.add(new ChartCanvas.Line(variant + knee.map(row -> " (knee " + row.pace() + ")").orElse(""),
                    rows.stream().mapToDouble(Results.SweepRow::requestsPerSecond).toArray(),
                    rows.stream().mapToDouble(Results.SweepRow::p95LatencyMs).toArray(), true,
                    knee.map(rows::indexOf).orElse(-1)));
        }
        sweepChart.show(lines);
    }

    private static ChartCanvas.Line thinned(LiveSamples.Series series) {
        int stride = Math.max(1, (series.seconds().length + MAX_DOTS - 1) / MAX_DOTS);
        int n = (series.seconds().length + stride - 1) / stride;
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = series.seconds()[i * stride];
            y[i] = series.latencies()[i * stride];
        }
        return new ChartCanvas.Line(series.name(), x, y, false);
    }

    /**
     * A metric's p50 and p95 under one header that names the unit ("TTFT ms"), so each header stays short enough to
     * read and the figures need no room for it.
     */
    private static TableColumn<Results.VariantResult, String> percentiles(String title, SampleMetric metric) {
        var group = new TableColumn<Results.VariantResult, String>(title + " ms");
        group.getColumns().addAll(List.of(column("p50", 58, r -> ms(r.metrics().get(metric), false)),
                column("p95", 58, r -> ms(r.metrics().get(metric), true))));
        return group;
    }

    /**
     * Each variant's standing against the SLO (its share of requests within it on hover): a miss in the danger
     * colour, not yet shown in the warning colour, so a result that breaks the objective cannot be read past.
     */
    private static TableColumn<Results.VariantResult, String> sloColumn() {
        TableColumn<Results.VariantResult, String> column = column("SLO", 72,
                (Results.VariantResult r) -> r.slo() == null ? "-" : SloVerdicts.standing(r));
        column.setCellFactory(c -> new javafx.scene.control.TableCell<Results.VariantResult, String>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                var row = getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : item);
                setTooltip(empty || row == null || row.slo() == null ? null : new javafx.scene.control.Tooltip(
                        row.slo().attained() + " of " + row.slo().requests() + " requests within the SLO ("
                                + Slo.percent(row.slo().attainment().estimate()) + "), goodput "
                                + String.format(Locale.ROOT, "%.2f", row.slo().goodput()) + " requests/s"));
                setStyle(empty || row == null || row.slo() == null ? "" : switch (row.slo().standing()) {
                    case MET -> "-fx-text-fill: -color-success-fg;";
                    case MISSED -> "-fx-text-fill: -color-danger-fg; -fx-font-weight: bold;";
                    case UNCLEAR -> "-fx-text-fill: -color-warning-fg;";
                });
            }
        });
        return column;
    }

    /** A column {@code width} pixels wide to start with: numbers need less room than names and paces. */
    private static <R> TableColumn<R, String> column(String title, double width, Function<R, String> value) {
        var column = new TableColumn<R, String>(title);
        column.setPrefWidth(width);
        // Never narrower than its header or nine tenths of its values' room: the table scrolls sideways before a
        // header turns into "Err..." or a figure into "162 ...".
        column.setMinWidth(Math.max(new javafx.scene.text.Text(title).getLayoutBounds().getWidth() + 30, 0.9 * width));
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setSortable(false);
        return column;
    }

    private static String ms(Summary summary, boolean p95) {
        double value = p95 ? summary.p95() : summary.p50();
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static TextField field(javafx.beans.property.StringProperty property, String prompt) {
        var field = new TextField();
        field.textProperty().bindBidirectional(property);
        field.setPromptText(prompt);
        return field;
    }

    private static void row(GridPane grid, int row, String label, javafx.scene.Node node) {
        var name = new Label(label);
        name.setMinWidth(Region.USE_PREF_SIZE);
        grid.add(name, 0, row);
        grid.add(node, 1, row);
        GridPane.setHgrow(node, Priority.ALWAYS);
    }

    private static Label heading(String text) {
        var label = new Label(text);
        label.getStyleClass().add("title-4");
        return label;
    }

    /** Shows each choice by its label; a label read back is the choice it names. */
    private static <T> void labelled(ChoiceBox<T> box, Function<T, String> text) {
        box.setConverter(dev.llmdyno.ui.ChoiceText.of(box::getItems, text));
    }
}
