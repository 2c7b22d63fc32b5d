package dev.llmdyno.export;

import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileIO;

import java.util.List;

/** LLM Dyno's own profile format (YAML), checked by profiles/profile.schema.json; loses nothing. */
final class NativeProfile implements Exporter, Importer {

    @Override
    public String id() {
        return "profile";
    }

    @Override
    public String fileName(Profile profile) {
        return Targets.slug(profile) + ".yaml";
    }

    @Override
    public Export export(Profile profile) {
        return new Export(ProfileIO.write(profile, Mappers.Format.YAML), List.of());
    }

    @Override
    public Imported read(String text, String source) throws InvalidInputException {
        var format = text.stripLeading().startsWith("{") ? Mappers.Format.JSON : Mappers.Format.YAML;
        return new Imported(new ProfileIO().parse(text, format, source), List.of());
    }
}
