package dev.llmdyno.ui.export;

import dev.llmdyno.export.Exporter;
import dev.llmdyno.export.Exporters;
import dev.llmdyno.profile.Profile;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The export dialog's state: the chosen target, the preview and what the target cannot express. */
public final class ExportViewModel {

    public final ObjectProperty<Exporter> target = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final ObservableList<Exporter> targets;
    private final Profile profile;

    public ExportViewModel(Exporters exporters, Profile profile) {
        this.profile = profile;
        this.targets = FXCollections.observableArrayList(exporters.exporters());
        target.addListener((obs, old, now) -> refresh());
        target.set(targets.getFirst());
    }

    private void refresh() {
        var chosen = target.get();
        if (chosen == null) {
            preview.set("");
            warnings.clear();
            return;
        }
        var export = chosen.export(profile);
        preview.set(export.text());
        warnings.setAll(export.warnings());
    }

    public ObservableList<Exporter> targets() {
        return targets;
    }

    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public ObservableList<String> warnings() {
        return warnings;
    }

    public String suggestedFileName() {
        return target.get() == null ? "export.txt" : target.get().fileName(profile);
    }
}
