package dev.llmdyno.ui.experiments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.experiment.Overrides;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileValidator;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;
import java.util.Optional;

/**
 * The variant being written: the base's values, changed by hand. What differs from the base is shown as it is typed,
 * and is what the variant stores; a draft that changes nothing, or breaks a rule, cannot be added.
 */
public final class VariantDraft {

    public final StringProperty name = new SimpleStringProperty("");
    public final StringProperty model = new SimpleStringProperty("");
    public final StringProperty maxTokens = new SimpleStringProperty("");
    public final StringProperty temperature = new SimpleStringProperty("");
    public final StringProperty topP = new SimpleStringProperty("");
    public final BooleanProperty stream = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper changes = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper();
    private final Catalog catalog;
    private Profile base = Profile.starter();

    public VariantDraft(Catalog catalog) {
        this.catalog = catalog;
        for (Observable field : List.of(name, model, maxTokens, temperature, topP, stream)) {
            field.addListener(o -> refresh());
        }
    }

    /** Starts over from {@code profile}'s values. */
    public void reset(Profile profile, String suggestedName) {
        base = profile;
        name.set(suggestedName);
        model.set(profile.model());
        maxTokens.set(String.valueOf(profile.params().maxTokens()));
        temperature.set(profile.params().temperature() == null ? "" : String.valueOf(profile.params().temperature()));
        topP.set(profile.params().topP() == null ? "" : String.valueOf(profile.params().topP()));
        stream.set(profile.params().streaming());
        refresh();
    }

    public ReadOnlyStringProperty changesProperty() {
        return changes.getReadOnlyProperty();
    }

    /** Why the draft cannot be added, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Whether the draft is valid, named, and changes something: whether it can be added. */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    /** The draft as a variant, when it is valid and changes something. */
    public Optional<VariantRow> toVariant() {
        var profile = profile();
        if (profile.isEmpty() || !problem.get().isEmpty() || name.get() == null || name.get().isBlank()) {
            return Optional.empty();
        }
        ObjectNode overrides = Overrides.between(base, profile.get());
        return overrides.isEmpty() ? Optional.empty() : Optional.of(new VariantRow(name.get().strip(), overrides));
    }

    private void refresh() {
        var profile = profile();
        if (profile.isEmpty()) {
            changes.set("");
            ready.set(false);
            return;
        }
        var problems = new ProfileValidator(catalog).validate(profile.get().withPrompt(base.prompt()));
        problem.set(problems.isEmpty() ? "" : problems.stream().map(Problem::toString).findFirst().orElse(""));
        var overrides = Overrides.between(base, profile.get());
        changes.set(overrides.isEmpty() ? "No changes yet: change a value to make a variant."
                : "Changes: " + String.join("; ", Overrides.describe(overrides)));
        ready.set(problem.get().isEmpty() && !overrides.isEmpty() && name.get() != null && !name.get().isBlank());
    }

    private Optional<Profile> profile() {
        try {
            var params = base.params()
                    .withMaxTokens(Integer.parseInt(maxTokens.get().strip()))
                    .withTemperature(optionalDouble(temperature.get()))
                    .withTopP(optionalDouble(topP.get()))
                    .withStream(stream.get());
            return Optional.of(base.withModel(model.get() == null || model.get().isBlank() ? base.model() : model.get().strip())
                    .withParams(params));
        } catch (NumberFormatException e) {
            problem.set("max tokens, temperature and top p must be numbers");
            return Optional.empty();
        }
    }

    private static Double optionalDouble(String text) {
        return text == null || text.isBlank() ? null : Double.valueOf(text.strip());
    }
}
