package dev.llmdyno.ui.playground;

import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.ModelLimits;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Prompt;
import dev.llmdyno.profile.ProfileValidator;
import dev.llmdyno.profile.Template;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Everything the playground edits, as text fields people can get wrong, and the profile they make when right.
 * Every change rebuilds the profile and its problems, keyed by path ({@code params.temperature}), so each field can
 * show its own rule and Run can be disabled while any is broken.
 */
public final class ProfileForm {

    public final StringProperty name = new SimpleStringProperty("Untitled");
    public final ObjectProperty<Endpoint> endpoint = new SimpleObjectProperty<>(Endpoint.LOCAL_SIMULATOR);
    /** The targets calls are spread over; null sends every call to {@link #endpoint}. */
    public final ObjectProperty<dev.llmdyno.profile.Routing> routing = new SimpleObjectProperty<>();
    public final StringProperty model = new SimpleStringProperty(Profile.DEFAULT_MODEL);
    public final StringProperty maxTokens = new SimpleStringProperty("");
    public final StringProperty temperature = new SimpleStringProperty("");
    public final StringProperty topP = new SimpleStringProperty("");
    public final StringProperty stop = new SimpleStringProperty("");
    public final StringProperty seed = new SimpleStringProperty("");
    public final BooleanProperty stream = new SimpleBooleanProperty(true);
    public final StringProperty connectMs = new SimpleStringProperty("");
    public final StringProperty firstTokenMs = new SimpleStringProperty("");
    public final StringProperty idleMs = new SimpleStringProperty("");
    public final StringProperty totalMs = new SimpleStringProperty("");
    public final StringProperty maxRetries = new SimpleStringProperty("");
    public final StringProperty baseDelayMs = new SimpleStringProperty("");
    public final StringProperty maxDelayMs = new SimpleStringProperty("");
    public final StringProperty rpm = new SimpleStringProperty("");
    public final StringProperty tpm = new SimpleStringProperty("");
    public final BooleanProperty cacheEnabled = new SimpleBooleanProperty(false);
    public final StringProperty cacheTtlSeconds = new SimpleStringProperty("");
    /** The prompt-cache breakpoints as typed: system, last or message numbers, separated by commas. */
    public final StringProperty cacheBreakpoints = new SimpleStringProperty("");
    public final ObjectProperty<Levers.CacheState> cacheState = new SimpleObjectProperty<>(Levers.CacheState.AS_IS);
    public final StringProperty contextBudget = new SimpleStringProperty("");
    public final BooleanProperty keepAlive = new SimpleBooleanProperty(true);
    public final ObjectProperty<Levers.HttpVersion> httpVersion = new SimpleObjectProperty<>(Levers.HttpVersion.AUTO);
    public final StringProperty system = new SimpleStringProperty("");
    public final ObservableList<MessageRow> messages = FXCollections.observableArrayList(
            row -> new Observable[]{row.roleProperty(), row.contentProperty()});
    public final ObservableList<VariableRow> variables = FXCollections.observableArrayList(
            row -> new Observable[]{row.valueProperty()});

    private final ReadOnlyObjectWrapper<Map<String, String>> problems = new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyObjectWrapper<Profile> profile = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RemovedMessage> lastRemoved = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper modified = new ReadOnlyBooleanWrapper(false);
    /** What the fields make, valid or not; compared with {@link #clean} to tell unsaved edits. */
    private Profile candidate;
    private Profile clean;
    private final ProfileValidator validator;
    private Profile base = Profile.starter();
    private boolean loading;

    public ProfileForm(ModelLimits limits) {
        this.validator = new ProfileValidator(limits);
        for (var field : List.<Observable>of(name, endpoint, routing, model, maxTokens, temperature, topP, stop, seed, stream,
                connectMs, firstTokenMs, idleMs, totalMs, maxRetries, baseDelayMs, maxDelayMs, rpm, tpm, cacheEnabled,
                cacheTtlSeconds, cacheBreakpoints, cacheState, contextBudget, keepAlive, httpVersion, system, messages, variables)) {
            field.addListener(changed -> rebuild());
        }
        load(Profile.starter());
    }

    /** Problems by path; empty when the profile is valid. */
    public ReadOnlyObjectProperty<Map<String, String>> problemsProperty() {
        return problems.getReadOnlyProperty();
    }

    /** The problems as "path: rule" lines, sorted by path, for messages that list them. */
    public List<String> problemLines() {
        return problems.get().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(problem -> problem.getKey() + ": " + problem.getValue()).toList();
    }

    /** The profile the fields make, or null while any field is wrong. */
    public ReadOnlyObjectProperty<Profile> profileProperty() {
        return profile.getReadOnlyProperty();
    }

    public Profile profile() {
        return profile.get();
    }

    /** The message removed last, until it is put back or another profile is loaded; null when there is none. */
    public ReadOnlyObjectProperty<RemovedMessage> lastRemovedProperty() {
        return lastRemoved.getReadOnlyProperty();
    }

    /** Whether the fields differ from what was last loaded or saved. */
    public ReadOnlyBooleanProperty modifiedProperty() {
        return modified.getReadOnlyProperty();
    }

    /** The fields count as unsaved edits (a profile that came from no file), until saved. */
    public void markUnsaved() {
        clean = null;
        modified.set(true);
    }

    /** The fields as they are now count as saved. */
    public void markSaved() {
        clean = candidate;
        modified.set(false);
    }

    public void load(Profile source) {
        loading = true;
        try {
            base = source;
            name.set(source.name() == null ? "Untitled" : source.name());
            endpoint.set(source.endpoint());
            routing.set(source.routing());
            model.set(source.model());
            var params = source.params();
            maxTokens.set(String.valueOf(params.maxTokens()));
            temperature.set(text(params.temperature()));
            topP.set(text(params.topP()));
            stop.set(String.join("\n", params.stop().stream().map(ProfileForm::escape).toList()));
            seed.set(text(params.seed()));
            stream.set(params.streaming());
            var levers = source.levers();
            connectMs.set(text(levers.timeouts().connectMs()));
            firstTokenMs.set(text(levers.timeouts().firstTokenMs()));
            idleMs.set(text(levers.timeouts().idleMs()));
            totalMs.set(text(levers.timeouts().totalMs()));
            maxRetries.set(text(levers.retry().maxRetries()));
            baseDelayMs.set(text(levers.retry().baseDelayMs()));
            maxDelayMs.set(text(levers.retry().maxDelayMs()));
            rpm.set(text(levers.rateLimit().rpm()));
            tpm.set(text(levers.rateLimit().tpm()));
            cacheEnabled.set(levers.cache().enabled());
            cacheTtlSeconds.set(text(levers.cache().ttlSeconds()));
            cacheBreakpoints.set(String.join(", ", levers.promptCache().breakpoints()));
            cacheState.set(levers.promptCache().prepare());
            contextBudget.set(text(levers.context().maxInputTokens()));
            keepAlive.set(levers.connection().keepAlive());
            httpVersion.set(levers.connection().httpVersion());
            system.set(source.prompt().system());
            messages.setAll(source.prompt().messages().stream().map(MessageRow::new).toList());
            variables.setAll(source.prompt().variables().entrySet().stream()
                    .map(entry -> new VariableRow(entry.getKey(), entry.getValue())).toList());
        } finally {
            loading = false;
        }
        lastRemoved.set(null);
        rebuild();
        markSaved();
    }

    public void addMessage(Message.Role role) {
        messages.add(new MessageRow(new Message(role, "")));
    }

    public void removeMessage(MessageRow row) {
        int index = messages.indexOf(row);
        if (index >= 0) {
            messages.remove(index);
            lastRemoved.set(new RemovedMessage(row, index));
        }
    }

    /** Puts the message removed last back where it was. */
    public void undoRemoveMessage() {
        var removed = lastRemoved.get();
        if (removed != null) {
            lastRemoved.set(null);
            messages.add(Math.min(removed.index(), messages.size()), removed.row());
        }
    }

    public void forgetRemovedMessage() {
        lastRemoved.set(null);
    }

    /** A removed message and the place it had, for undo. */
    public record RemovedMessage(MessageRow row, int index) {
        public String describe() {
            var text = row.contentProperty().get() == null ? "" : row.contentProperty().get().strip();
            var start = text.length() > 40 ? text.substring(0, 40) + "…" : text;
            return "Removed " + row.roleProperty().get().id() + " message " + (index + 1)
                    + (start.isEmpty() ? "" : " (\"" + start + "\")");
        }
    }

    /** Moves a message up (-1) or down (+1). */
    public void moveMessage(MessageRow row, int direction) {
        int from = messages.indexOf(row);
        int to = from + direction;
        if (from >= 0 && to >= 0 && to < messages.size()) {
            messages.remove(from);
            messages.add(to, row);
        }
    }

    private void rebuild() {
        if (loading) {
            return;
        }
        syncVariables();
        var errors = new LinkedHashMap<String, String>();
        var params = new Params(
                whole(maxTokens, "params.maxTokens", errors), decimal(temperature, "params.temperature", errors),
                decimal(topP, "params.topP", errors),
                Arrays.stream(stop.get().split("\n")).filter(line -> !line.isEmpty()).map(ProfileForm::unescape).toList(),
                seedValue(errors), stream.get());
        var old = base.levers();
        var levers = new Levers(
                new Levers.Timeouts(whole(connectMs, "levers.timeouts.connectMs", errors),
                        whole(firstTokenMs, "levers.timeouts.firstTokenMs", errors),
                        whole(idleMs, "levers.timeouts.idleMs", errors), whole(totalMs, "levers.timeouts.totalMs", errors)),
                new Levers.Retry(whole(maxRetries, "levers.retry.maxRetries", errors),
                        whole(baseDelayMs, "levers.retry.baseDelayMs", errors), whole(maxDelayMs, "levers.retry.maxDelayMs", errors),
                        old.retry().jitter(), old.retry().respectRetryAfter(), old.retry().retryAfterCapMs()),
                new Levers.RateLimit(whole(rpm, "levers.rateLimit.rpm", errors), whole(tpm, "levers.rateLimit.tpm", errors)),
                old.cache().withUse(cacheEnabled.get(), whole(cacheTtlSeconds, "levers.cache.ttlSeconds", errors)),
                new Levers.PromptCache(Arrays.stream(cacheBreakpoints.get().split("[,\\s]+"))
                        .filter(part -> !part.isEmpty()).toList(), cacheState.get()),
                old.context().withMaxInputTokens(whole(contextBudget, "levers.context.maxInputTokens", errors)),
                old.priority(), old.connection().withUse(keepAlive.get(), httpVersion.get()));
        var values = new LinkedHashMap<String, String>();
        variables.stream().filter(row -> row.valueProperty().get() != null && !row.valueProperty().get().isEmpty())
                .forEach(row -> values.put(row.name(), row.valueProperty().get()));
        var prompt = new Prompt(system.get(), messages.stream().map(MessageRow::toMessage).toList(), values);
        var candidate = new Profile(Profile.SCHEMA_VERSION, name.get(), base.description(), endpoint.get(),
                routing.get(), model.get() == null ? "" : model.get().strip(), params, prompt, levers);
        // One field holds every breakpoint: a problem with any of them is shown on it.
        validator.validate(candidate).forEach(problem -> errors.putIfAbsent(
                problem.path().replaceFirst("^levers\\.promptCache\\.breakpoints\\[\\d+]$", "levers.promptCache.breakpoints"),
                problem.message()));
        this.candidate = candidate;
        problems.set(Map.copyOf(errors));
        profile.set(errors.isEmpty() ? candidate : null);
        modified.set(!candidate.equals(clean));
    }

    /** Keeps one row per variable the prompt uses, in order of use, keeping typed values. */
    private void syncVariables() {
        var used = new LinkedHashSet<>(Template.variables(system.get()));
        messages.forEach(row -> used.addAll(Template.variables(row.contentProperty().get())));
        var current = variables.stream().map(VariableRow::name).toList();
        if (current.equals(List.copyOf(used))) {
            return;
        }
        var known = new LinkedHashMap<String, String>();
        variables.forEach(row -> known.put(row.name(), row.valueProperty().get()));
        loading = true;
        try {
            variables.setAll(used.stream().map(name -> new VariableRow(name, known.getOrDefault(name, ""))).toList());
        } finally {
            loading = false;
        }
    }

    private Long seedValue(Map<String, String> errors) {
        var text = seed.get().strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            errors.put("params.seed", "'" + text + "' is not a whole number");
            return null;
        }
    }

    private static Integer whole(StringProperty field, String path, Map<String, String> errors) {
        var text = field.get() == null ? "" : field.get().strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            errors.put(path, "'" + text + "' is not a whole number");
            return null;
        }
    }

    private static Double decimal(StringProperty field, String path, Map<String, String> errors) {
        var text = field.get() == null ? "" : field.get().strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            errors.put(path, "'" + text + "' is not a number");
            return null;
        }
    }

    /** Stop sequences are typed one per line; \n and \t stand for a line break and a tab. */
    static String escape(String sequence) {
        return sequence.replace("\n", "\\n").replace("\t", "\\t");
    }

    static String unescape(String line) {
        return line.replace("\\n", "\n").replace("\\t", "\t");
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof Double number ? dev.llmdyno.profile.Numbers.format(number) : String.valueOf(value);
    }
}
