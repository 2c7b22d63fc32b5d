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
    /** The routings the user named (Endpoints > Manage), and those of opened profiles. */
    public final ObservableList<dev.llmdyno.ui.endpoints.RoutingGroup> routingGroups = FXCollections.observableArrayList();
    /** What the route picker offers: every endpoint, then every routing group. */
    public final ObservableList<Destination> destinations = FXCollections.observableArrayList();
    /** Where calls go: one endpoint or a routing group; choosing one sets the form's endpoint and routing. */
    public final ObjectProperty<Destination> destination = new SimpleObjectProperty<>();
    public final ObjectProperty<Tier> tierFilter = new SimpleObjectProperty<>();
    /** The history row being looked at; null shows the live run. */
    public final ObjectProperty<RunRecord> selectedRun = new SimpleObjectProperty<>();
    private final Catalog catalog;
    private final CallEngine engine;
    private final Executor background;
    private final FilteredList<ModelInfo> models;
    private final PromptCounter counter;
    private final ReadOnlyStringWrapper tokenSummary = new ReadOnlyStringWrapper("counting...");
    private final ReadOnlyStringWrapper costSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper modelSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper contextUsed = new ReadOnlyDoubleWrapper(0);
    private final javafx.beans.property.ReadOnlyLongWrapper countsShown = new javafx.beans.property.ReadOnlyLongWrapper();
    private final BooleanBinding canRun;
    private final javafx.beans.binding.StringBinding runBlocked;
    /** Endpoints that came with an opened profile: offered this session, not remembered as the user's own. */
    private final java.util.Set<Endpoint> fromProfiles = new java.util.HashSet<>();
    private final java.util.Set<dev.llmdyno.ui.endpoints.RoutingGroup> groupsFromProfiles = new java.util.HashSet<>();
    /** Set while the destination and the form are brought in line, so neither answers the other's change. */
    private boolean aligning;
    private boolean loadingProfile;
    /** The providers the catalog has models of, so the model filter does not scan the catalog for every model. */
    private final java.util.Set<String> providers;

    public PlaygroundViewModel(Catalog catalog, CallEngine engine, UiThread ui, Executor background,
                               Supplier<MachineReading> machine) {
        this.catalog = catalog;
        this.engine = engine;
        this.background = background;
        this.form = new ProfileForm(catalog);
        this.runs = new RunController(engine, catalog, ui, machine);
        this.counter = new PromptCounter(catalog, background, ui);
        this.providers = catalog.models().stream().map(ModelInfo::provider).collect(java.util.stream.Collectors.toSet());
        this.models = new FilteredList<>(FXCollections.observableArrayList(catalog.models()));
        models.predicateProperty().bind(Bindings.createObjectBinding(
                () -> model -> (tierFilter.get() == null || model.tier() == tierFilter.get())
                        && servedBy(model, form.endpoint.get()), tierFilter, form.endpoint));
        // A tier or endpoint the chosen model does not belong to picks that list's first model instead.
        tierFilter.addListener((obs, old, now) -> keepModelInList());
        form.endpoint.addListener((obs, old, now) -> keepModelInList());
        canRun = form.profileProperty().isNotNull().and(runs.runningProperty().not());
        runBlocked = Bindings.createStringBinding(() -> {
            if (runs.runningProperty().get() || form.profile() != null) {
                return "";
            }
            var problems = form.problemLines();
            return problems.size() == 1 ? "Cannot run: " + problems.getFirst()
                    : "Cannot run: " + problems.size() + " fields need fixing";
        }, form.profileProperty(), form.problemsProperty(), runs.runningProperty());
        form.model.addListener((obs, old, now) -> describeModel());
        form.profileProperty().addListener((obs, old, now) -> {
            requestCount();
            runs.edited();
        });
        form.messages.addListener((javafx.collections.ListChangeListener<MessageRow>) change -> requestCount());
        form.system.addListener((obs, old, now) -> requestCount());
        form.maxTokens.addListener((obs, old, now) -> requestCount());
        form.variables.addListener((javafx.collections.ListChangeListener<VariableRow>) change -> requestCount());
        endpoints.addListener((javafx.collections.ListChangeListener<Endpoint>) change -> refreshDestinations());
        routingGroups.addListener((javafx.collections.ListChangeListener<dev.llmdyno.ui.endpoints.RoutingGroup>) change ->
                refreshDestinations());
        destination.addListener((obs, old, now) -> choose(now));
        form.endpoint.addListener((obs, old, now) -> showDestination());
        form.routing.addListener((obs, old, now) -> showDestination());
        refreshDestinations();
        showDestination();
        describeModel();
        requestCount();
    }

    /**
     * Offers every endpoint and routing group. A chosen group that was edited under the same name takes the edit;
     * one that was removed gives way to the profile's endpoint alone.
     */
    private void refreshDestinations() {
        var offered = new java.util.ArrayList<Destination>();
        endpoints.forEach(e -> offered.add(new Destination.OneEndpoint(e)));
        routingGroups.forEach(g -> offered.add(new Destination.Group(g)));
        destinations.setAll(offered);
        if (destination.get() instanceof Destination.Group(var chosen) && !routingGroups.contains(chosen)) {
            routingGroups.stream().filter(g -> g.name().equals(chosen.name())).findFirst().ifPresentOrElse(
                    edited -> destination.set(new Destination.Group(edited)),
                    () -> destination.set(new Destination.OneEndpoint(form.endpoint.get())));
        }
    }

    private void choose(Destination chosen) {
        if (aligning || chosen == null) {
            return;
        }
        aligning = true;
        try {
            switch (chosen) {
                case Destination.OneEndpoint(var endpoint) -> {
                    form.routing.set(null);
                    form.endpoint.set(endpoint);
                }
                case Destination.Group(var group) -> {
                    form.routing.set(group.routing());
                    // Exports that call one endpoint write the first target's.
                    form.endpoint.set(group.routing().targets().getFirst().endpoint());
                }
            }
        } finally {
            aligning = false;
        }
    }

    /** The destination the form describes; a routing no group holds is offered as the profile's own. */
    private void showDestination() {
        if (aligning) {
            return;
        }
        aligning = true;
        try {
            var routing = form.routing.get();
            if (routing == null || routing.targets().isEmpty()) {
                destination.set(new Destination.OneEndpoint(form.endpoint.get()));
                return;
            }
            var group = routingGroups.stream().filter(g -> g.routing().equals(routing)).findFirst().orElseGet(() -> {
                var own = new dev.llmdyno.ui.endpoints.RoutingGroup(uniqueGroupName(form.name.get()), routing);
                groupsFromProfiles.add(own);
                routingGroups.add(own);
                return own;
            });
            destination.set(new Destination.Group(group));
        } finally {
            aligning = false;
        }
    }

    private String uniqueGroupName(String profileName) {
        var base = (profileName == null || profileName.isBlank() ? "Profile" : profileName) + " routing";
        var name = base;
        for (int n = 2; isGroupName(name); n++) {
            name = base + " " + n;
        }
        return name;
    }

    private boolean isGroupName(String name) {
        return routingGroups.stream().anyMatch(g -> g.name().equals(name));
    }

    /** Adds the user's own routing groups (remembered from an earlier session). */
    public void addOwnRoutingGroups(java.util.List<dev.llmdyno.ui.endpoints.RoutingGroup> own) {
        own.stream().filter(g -> !routingGroups.contains(g)).forEach(routingGroups::add);
        groupsFromProfiles.removeAll(own);
    }

    /** The routing groups to remember: the user's own, not those that came with opened files. */
    public java.util.List<dev.llmdyno.ui.endpoints.RoutingGroup> ownRoutingGroups() {
        return routingGroups.stream().filter(g -> !groupsFromProfiles.contains(g)).toList();
    }

    /** Keeps the playground's runs in {@code store}, and shows earlier sessions' runs in the history. */
    public void keepRunsIn(dev.llmdyno.store.Store store) {
        runs.keepIn(store, background);
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

    /** Why Run is disabled ("Cannot run: prompt.messages needs at least one message"); empty when it is not. */
    public javafx.beans.binding.StringBinding runBlockedProperty() {
        return runBlocked;
    }

    /** Adds the user's own endpoints (remembered from an earlier session); one already offered becomes theirs. */
    public void addOwnEndpoints(java.util.List<Endpoint> own) {
        own.stream().filter(e -> !endpoints.contains(e)).forEach(endpoints::add);
        fromProfiles.removeAll(own);
    }

    /** The endpoints to remember between sessions: the user's own, not the simulator or ones from opened files. */
    public java.util.List<Endpoint> ownEndpoints() {
        return endpoints.stream().filter(e -> !e.equals(Endpoint.LOCAL_SIMULATOR) && !fromProfiles.contains(e)).toList();
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

    /**
     * Shows {@code profile}. Its endpoint is matched with a known one that goes to the same place with the same key,
     * so opening a file does not add a copy; an unknown one is offered for this session under a name of its own.
     */
    public void load(Profile profile) {
        var endpoint = endpoints.stream().filter(e -> sameDestination(e, profile.endpoint())).findFirst()
                .orElseGet(() -> {
                    endpoints.add(profile.endpoint());
                    fromProfiles.add(profile.endpoint());
                    return profile.endpoint();
                });
        loadingProfile = true;
        try {
            if (tierFilter.get() != null && catalog.find(profile.model()).map(m -> m.tier() != tierFilter.get()).orElse(true)) {
                tierFilter.set(null);
            }
            form.load(profile.withEndpoint(endpoint));
        } finally {
            loadingProfile = false;
        }
    }

    private static boolean sameDestination(Endpoint a, Endpoint b) {
        return a.kind() == b.kind() && java.util.Objects.equals(a.effectiveBaseUrl(), b.effectiveBaseUrl())
                && java.util.Objects.equals(a.apiKeyRef(), b.apiKeyRef())
                && java.util.Objects.equals(a.deployment(), b.deployment())
                && java.util.Objects.equals(a.apiVersion(), b.apiVersion());
    }

    /**
     * Whether the catalog's {@code model} is one {@code endpoint} serves: the simulator's own models on the simulator,
     * a provider's on that provider (OpenAI's on Azure); servers that run any model offer the whole catalog.
     */
    private boolean servedBy(ModelInfo model, Endpoint endpoint) {
        if (endpoint == null) {
            return true;
        }
        var provider = endpoint.kind() == dev.llmdyno.profile.ProviderKind.AZURE_OPENAI ? "openai" : endpoint.kind().id();
        return providers.contains(provider) ? model.provider().equals(provider) : !model.provider().equals("simulator");
    }

    private void keepModelInList() {
        if (loadingProfile || models.isEmpty()) {
            return;
        }
        var current = form.model.get();
        // A model id typed by hand (a local server's own) is kept; a catalog model of another tier or provider is not.
        if (catalog.find(current).isPresent() && models.stream().noneMatch(m -> m.id().equals(current))) {
            form.model.set(models.getFirst().id());
        }
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
