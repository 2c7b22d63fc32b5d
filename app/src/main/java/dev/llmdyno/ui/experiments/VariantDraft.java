package dev.llmdyno.ui.experiments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.experiment.Overrides;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.ui.playground.ProfileForm;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Optional;

/**
 * The variant being written: the base's values in a {@link ProfileForm} (model, every parameter and lever, the
 * prompt), changed by hand. What differs from the base is shown as it is typed, and is what the variant stores; a
 * draft that changes nothing, or breaks a rule, cannot be added.
 */
public final class VariantDraft {

    public final StringProperty name = new SimpleStringProperty("");
    /** Every field of the variant's profile, as the playground edits them. */
    public final ProfileForm form;
    public final StringProperty model;
    public final StringProperty maxTokens;
    public final StringProperty temperature;
    public final StringProperty topP;
    public final BooleanProperty stream;
    private final ReadOnlyStringWrapper changes = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper();
    private Profile base = Profile.starter();

    public VariantDraft(Catalog catalog) {
        this.form = new ProfileForm(catalog);
        this.model = form.model;
        this.maxTokens = form.maxTokens;
        this.temperature = form.temperature;
        this.topP = form.topP;
        this.stream = form.stream;
        name.addListener(o -> refresh());
        form.problemsProperty().addListener(o -> refresh());
        form.profileProperty().addListener(o -> refresh());
    }

    /** Starts over from {@code profile}'s values. */
    public void reset(Profile profile, String suggestedName) {
        base = profile;
        form.load(profile);
        name.set(suggestedName);
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
        var profile = form.profile();
        if (profile == null || name.get() == null || name.get().isBlank()) {
            return Optional.empty();
        }
        ObjectNode overrides = Overrides.between(base, profile);
        return overrides.isEmpty() ? Optional.empty() : Optional.of(new VariantRow(name.get().strip(), overrides));
    }

    private void refresh() {
        var profile = form.profile();
        if (profile == null) {
            problem.set(form.problemLines().stream().findFirst().orElse(""));
            changes.set("");
            ready.set(false);
            return;
        }
        problem.set("");
        var overrides = Overrides.between(base, profile);
        changes.set(overrides.isEmpty() ? "No changes yet: change a value to make a variant."
                : "Changes: " + String.join("; ", Overrides.describe(overrides)));
        ready.set(!overrides.isEmpty() && name.get() != null && !name.get().isBlank());
    }
}
