package dev.llmdyno.ui.shell;

import dev.llmdyno.AppDirs;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileIO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads and writes the desktop's settings and the autosaved working profile. Called off the FX thread; a file
 * that cannot be read is treated as absent, so a broken settings file never stops the app from starting.
 */
public final class SettingsStore {

    private final Path settingsFile;
    private final Path autosaveFile;

    public SettingsStore(Path configDir, Path dataDir) {
        this.settingsFile = configDir.resolve("settings.json");
        this.autosaveFile = dataDir.resolve("autosave").resolve("working-profile.yaml");
    }

    public static SettingsStore standard() {
        return new SettingsStore(AppDirs.config(), AppDirs.data());
    }

    public Settings loadSettings() {
        try {
            return Files.isRegularFile(settingsFile)
                    ? Mappers.json().readValue(Files.readString(settingsFile), Settings.class) : Settings.defaults();
        } catch (IOException | RuntimeException e) {
            return Settings.defaults();
        }
    }

    public void saveSettings(Settings settings) throws IOException {
        ProfileIO.writeAtomically(settingsFile, Mappers.json().writeValueAsString(settings));
    }

    /** The working profile as it was last autosaved, if there is a readable one. */
    public Optional<Profile> loadAutosave() {
        try {
            return Files.isRegularFile(autosaveFile) ? Optional.of(new ProfileIO().read(autosaveFile)) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    public void autosave(Profile profile) throws IOException {
        ProfileIO.write(profile, autosaveFile);
    }

    public Path autosaveFile() {
        return autosaveFile;
    }
}
