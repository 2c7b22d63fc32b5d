package dev.llmdyno;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppDirsTest {

    @Test
    void theDataFolderFollowsXdgThenHomeAndOnlyThenJavasIdea() {
        assertThat(AppDirs.base(Map.of("XDG_DATA_HOME", "/data", "HOME", "/home/u"), "XDG_DATA_HOME", ".local/share",
                "/java-home")).isEqualTo(Path.of("/data/llm-dyno"));
        assertThat(AppDirs.base(Map.of("HOME", "/home/u"), "XDG_DATA_HOME", ".local/share", "/java-home"))
                .isEqualTo(Path.of("/home/u/.local/share/llm-dyno"));
        assertThat(AppDirs.base(Map.of("XDG_DATA_HOME", "relative/dir", "HOME", "/home/u"), "XDG_DATA_HOME",
                ".local/share", "/java-home")).as("a relative XDG path is ignored")
                .isEqualTo(Path.of("/home/u/.local/share/llm-dyno"));
        assertThat(AppDirs.base(Map.of(), "XDG_CONFIG_HOME", ".config", "/java-home"))
                .isEqualTo(Path.of("/java-home/.config/llm-dyno"));
    }
}
