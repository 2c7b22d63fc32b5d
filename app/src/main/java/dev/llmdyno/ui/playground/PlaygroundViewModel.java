package dev.llmdyno.ui.playground;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.catalog.Cost;
import dev.llmdyno.catalog.ModelInfo;
import dev.llmdyno.catalog.Tier;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.telemetry.MachineReading;
import dev.llmdyno.ui.UiThread;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.AbstractMap;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The playground: a {@link ProfileForm} being edited, its live token count and cost, the endpoints and models to
 * pick from, and the {@link RunController} that runs it. Holds properties and no Nodes.
 */
public final class PlaygroundViewModel {

    public final ProfileForm form;
    public final RunController runs;
    public final ObservableList<Endpoint> endpoints = FXCollections.observableArrayList(Endpoint.LOCAL_SIMULATOR);
    public final ObjectProperty<Tier> tierFilter = new SimpleObjectProperty<>();
    /** The history row being looked at; null shows the live run. */
    public final ObjectProperty<RunRecord> selectedRun = new SimpleObjectProperty<>();
    private final Catalog catalog;
    private final CallEngine engine;
    private final FilteredList<ModelInfo> models;
    private final PromptCounter counter;
    private final ReadOnlyStringWrapper tokenSummary = new ReadOnlyStringWrapper("counting...");
    private final ReadOnlyStringWrapper costSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper modelSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper contextUsed = new ReadOnlyDoubleWrapper(0);
    private final javafx.beans.property.ReadOnlyLongWrapper countsShown = new javafx.beans.property.ReadOnlyLongWrapper();
    private final BooleanBinding canRun;

    public PlaygroundViewModel(Catalog catalog, CallEngine engine, UiThread ui, Executor background,
                               Supplier<MachineReading> machine) {
        this.catalog = catalog;
        this.engine = engine;
        this.form = new ProfileForm(catalog);
        this.runs = new RunController(engine, ui, machine);
        this.counter = new PromptCounter(catalog, background, ui);
        this.models = new FilteredList<>(FXCollections.observableArrayList(catalog.models()));
        models.predicateProperty().bind(Bindings.createObjectBinding(
                () -> model -> tierFilter.get() == null || model.tier() == tierFilter.get(), tierFilter));
        canRun = form.profileProperty().isNotNull().and(runs.runningProperty().not());
        form.model.addListener((obs, old, now) -> describeModel());
        form.profileProperty().addListener((obs, old, now) -> requestCount());
        form.messages.addListener((javafx.collections.ListChangeListener<MessageRow>) change -> requestCount());
        form.system.addListener((obs, old, now) -> requestCount());
        form.maxTokens.addListener((obs, old, now) -> requestCount());
        form.variables.addListener((javafx.collections.ListChangeListener<VariableRow>) change -> requestCount());
        describeModel();
        requestCount();
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Where calls to {@code endpoint} go, the built-in simulator included (started if need be: blocks). */
    public String baseUrlOf(dev.llmdyno.profile.Endpoint endpoint) {
        return engine.baseUrlOf(endpoint);
    }

    public ObservableList<ModelInfo> models() {
        return models;
    }

    public BooleanBinding canRunProperty() {
        return canRun;
    }

    /** "1,234 tokens · o200k_base", with "(approximate)" where the tokenizer is a stand-in. */
    public ReadOnlyStringProperty tokenSummaryProperty() {
        return tokenSummary.getReadOnlyProperty();
    }

    /** "input $0.0012 · worst case $0.0034". */
    public ReadOnlyStringProperty costSummaryProperty() {
        return costSummary.getReadOnlyProperty();
    }

    /** The chosen model's context window and prices, or that it is not in the catalog. */
    public ReadOnlyStringProperty modelSummaryProperty() {
        return modelSummary.getReadOnlyProperty();
    }

    /** How many counts have been shown; it moves on each time the count catches up with the text. */
    public javafx.beans.property.ReadOnlyLongProperty countsShownProperty() {
        return countsShown.getReadOnlyProperty();
    }

    /** The prompt as a share of the context window (0..1), 0 when the window is unknown. */
    public ReadOnlyDoubleProperty contextUsedProperty() {
        return contextUsed.getReadOnlyProperty();
    }

    public void run() {
        if (canRun.get()) {
            runs.run(form.profile());
        }
    }

    public void load(Profile profile) {
        if (!endpoints.contains(profile.endpoint())) {
            endpoints.add(profile.endpoint());
        }
        form.load(profile);
    }

    private void requestCount() {
        int maxTokens;
        try {
            maxTokens = Integer.parseInt(form.maxTokens.get().strip());
        } catch (NumberFormatException e) {
            maxTokens = 0;
        }
        var rows = form.messages.stream()
                .map(row -> (java.util.Map.Entry<MessageRow, String>) new AbstractMap.SimpleImmutableEntry<>(row,
                        row.contentProperty().get())).toList();
        var roles = form.messages.stream().map(row -> row.roleProperty().get().id()).toList();
        var values = new java.util.LinkedHashMap<String, String>();
        form.variables.forEach(row -> values.put(row.name(), row.valueProperty().get()));
        counter.count(new PromptCounter.Request(form.system.get(), rows, roles, values, form.model.get(), maxTokens),
                this::show);
    }

    private void show(PromptCounter.Counts counts) {
        tokenSummary.set(String.format(Locale.ROOT, "%,d tokens · %s", counts.total(), counts.label()));
        for (int i = 0; i < counts.messages().size() && i < form.messages.size(); i++) {
            form.messages.get(i).tokensProperty().set(counts.messages().get(i));
        }
        var cost = counts.cost();
        costSummary.set("input " + Cost.format(cost.input()) + " · worst case " + Cost.format(cost.worstCase()));
        contextUsed.set(counts.contextWindow() == null ? 0 : Math.min(1, counts.total() / (double) counts.contextWindow()));
        countsShown.set(countsShown.get() + 1);
    }

    private void describeModel() {
        var info = catalog.find(form.model.get());
        modelSummary.set(info.map(model -> String.format(Locale.ROOT, "%s · %,d context · max out %,d · $%s in / $%s out per 1M",
                        model.provider(), model.contextWindow(), model.maxOutputTokens(),
                        model.price() == null ? "?" : dev.llmdyno.profile.Numbers.format(model.price().input()),
                        model.price() == null ? "?" : dev.llmdyno.profile.Numbers.format(model.price().output())))
                .orElse("not in the catalog: tokens are approximate and cost is unknown"));
    }
}
