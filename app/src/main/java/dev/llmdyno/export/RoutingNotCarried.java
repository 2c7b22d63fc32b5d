package dev.llmdyno.export;

import dev.llmdyno.profile.Profile;

import java.util.ArrayList;

/**
 * An exporter that writes the profile's one endpoint: where the profile spreads calls over several targets, the
 * export says that it does not, so nothing is lost silently.
 */
record RoutingNotCarried(Exporter exporter) implements Exporter {

    @Override
    public String id() {
        return exporter.id();
    }

    @Override
    public String fileName(Profile profile) {
        return exporter.fileName(profile);
    }

    @Override
    public Export export(Profile profile) {
        var export = exporter.export(profile);
        var routing = profile.routing();
        if (routing == null || routing.targets().isEmpty()) {
            return export;
        }
        var warnings = new ArrayList<>(export.warnings());
        warnings.add("routing (" + routing.strategy().id() + " over " + routing.targets().size()
                + " targets) is not carried: this export calls the profile's endpoint (" + profile.endpoint().displayName()
                + ") only");
        return new Export(export.text(), warnings);
    }
}
