package dev.llmdyno.ui.playground;

import atlantafx.base.theme.Styles;
import dev.llmdyno.profile.Levers;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Sampling parameters, and the levers under "Advanced". */
public final class ParametersView extends ScrollPane {

    public ParametersView(ProfileForm form) {
        this(form, "");
    }

    /** With every id starting with {@code ids}, so that two of these can share a scene. */
    public ParametersView(ProfileForm form, String ids) {
        var problems = new Fields.Problems(form.problemsProperty(), ids);
        var params = grid();
        Fields.row(params, 0, "max_tokens", Fields.validated(form.maxTokens, "params.maxTokens", "512",
                "Most tokens the answer may have; at most the model's maximum output.", problems));
        Fields.row(params, 1, "temperature", Fields.validated(form.temperature, "params.temperature", "provider default",
                "0 to 2. Higher is more varied. Empty leaves the provider's default.", problems));
        Fields.row(params, 2, "top_p", Fields.validated(form.topP, "params.topP", "provider default",
                "0 to 1. Nucleus sampling. Empty leaves the provider's default.", problems));
        var stop = new TextArea();
        stop.textProperty().bindBidirectional(form.stop);
        stop.setPrefRowCount(2);
        stop.setPrefColumnCount(8);
        stop.setPromptText("one per line; \\n for a line break");
        stop.setTooltip(new Tooltip("Up to 4 stop sequences, one per line."));
        Fields.row(params, 3, "stop", new VBox(2, stop, errorLabel(form, "params.stop")));
        Fields.row(params, 4, "seed", Fields.validated(form.seed, "params.seed", "none",
                "Asks for repeatable sampling where the provider supports it.", problems));
        var stream = new CheckBox("stream the answer");
        stream.setId(ids + "params-stream");
        stream.selectedProperty().bindBidirectional(form.stream);
        Fields.row(params, 5, "", stream);

        var levers = grid();
        int row = 0;
        Fields.row(levers, row++, "connect ms", Fields.validated(form.connectMs, "levers.timeouts.connectMs", "10000", "Connect timeout.", problems));
        Fields.row(levers, row++, "first token ms", Fields.validated(form.firstTokenMs, "levers.timeouts.firstTokenMs", "60000", "Timeout until the first token.", problems));
        Fields.row(levers, row++, "idle ms", Fields.validated(form.idleMs, "levers.timeouts.idleMs", "30000", "Longest gap between two chunks.", problems));
        Fields.row(levers, row++, "total ms", Fields.validated(form.totalMs, "levers.timeouts.totalMs", "600000", "Timeout for the whole call.", problems));
        Fields.row(levers, row++, "retries", Fields.validated(form.maxRetries, "levers.retry.maxRetries", "2", "Retries after connection errors, timeouts, 408, 409, 429 and 5xx.", problems));
        Fields.row(levers, row++, "backoff ms", Fields.validated(form.baseDelayMs, "levers.retry.baseDelayMs", "500", "First backoff; doubles each retry, with jitter; the server's retry-after wins.", problems));
        Fields.row(levers, row++, "max backoff ms", Fields.validated(form.maxDelayMs, "levers.retry.maxDelayMs", "8000", "Cap on the backoff.", problems));
        Fields.row(levers, row++, "RPM", Fields.validated(form.rpm, "levers.rateLimit.rpm", "no limit", "Client-side requests per minute, shared by all calls to this endpoint.", problems));
        Fields.row(levers, row++, "TPM", Fields.validated(form.tpm, "levers.rateLimit.tpm", "no limit", "Client-side tokens per minute (prompt + max_tokens).", problems));
        var cache = new CheckBox("cache answers");
        cache.selectedProperty().bindBidirectional(form.cacheEnabled);
        cache.setTooltip(new Tooltip("Identical requests are answered from memory; such answers carry no latency."));
        Fields.row(levers, row++, "", cache);
        Fields.row(levers, row++, "cache TTL s", Fields.validated(form.cacheTtlSeconds, "levers.cache.ttlSeconds", "3600", "How long a cached answer is kept.", problems));
        Fields.row(levers, row++, "prompt cache", Fields.validated(form.cacheBreakpoints, "levers.promptCache.breakpoints",
                "automatic", "Anthropic cache_control breakpoints: system, last (the last message) or message numbers "
                        + "from 0, up to four, separated by commas. OpenAI caches long prefixes by itself.", problems));
        var cacheState = new ComboBox<Levers.CacheState>();
        cacheState.getItems().setAll(Levers.CacheState.values());
        cacheState.setConverter(dev.llmdyno.ui.ChoiceText.of(cacheState::getItems, Levers.CacheState::id));
        cacheState.valueProperty().bindBidirectional(form.cacheState);
        cacheState.setId(ids + "cache-state");
        cacheState.setTooltip(new Tooltip("The prompt-cache state a run starts from: as-is; prime (an unmeasured call "
                + "first); flush or miss (a prefix no cache holds)."));
        Fields.row(levers, row++, "cache state", cacheState);
        Fields.row(levers, row++, "context budget", Fields.validated(form.contextBudget, "levers.context.maxInputTokens", "no trimming", "Trim the oldest turns so the prompt fits this many tokens.", problems));
        var keepAlive = new CheckBox("keep connections alive");
        keepAlive.selectedProperty().bindBidirectional(form.keepAlive);
        Fields.row(levers, row++, "", keepAlive);
        var http = new ComboBox<Levers.HttpVersion>();
        http.getItems().setAll(Levers.HttpVersion.values());
        http.setConverter(dev.llmdyno.ui.ChoiceText.of(http::getItems, Levers.HttpVersion::id));
        http.valueProperty().bindBidirectional(form.httpVersion);
        Fields.row(levers, row, "HTTP", http);
        var advanced = new TitledPane("Advanced levers", levers);
        advanced.setTooltip(new Tooltip("Timeouts, retries and backoff, rate limits, cache, context budget, connection"));
        advanced.setExpanded(false);
        advanced.setId(ids + "advanced");

        var title = new Label("Parameters");
        title.getStyleClass().add(Styles.TITLE_4);
        var content = new VBox(10, title, params, advanced);
        content.setPadding(new Insets(10));
        setContent(content);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setMinWidth(280);
    }

    private static Label errorLabel(ProfileForm form, String path) {
        var error = new Label();
        error.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        error.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> form.problemsProperty().get().getOrDefault(path, ""), form.problemsProperty()));
        return error;
    }

    private static GridPane grid() {
        var grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        var labels = new ColumnConstraints();
        var fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        return grid;
    }
}
