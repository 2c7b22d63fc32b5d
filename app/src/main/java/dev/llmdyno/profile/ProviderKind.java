package dev.llmdyno.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Who serves the model, which wire protocol it speaks and where it usually listens. */
public enum ProviderKind {
    SIMULATOR("simulator", WireProtocol.OPENAI_CHAT, null),
    OPENAI("openai", WireProtocol.OPENAI_CHAT, "https://api.openai.com/v1"),
    ANTHROPIC("anthropic", WireProtocol.ANTHROPIC_MESSAGES, "https://api.anthropic.com"),
    AZURE_OPENAI("azure-openai", WireProtocol.OPENAI_CHAT, null),
    OLLAMA("ollama", WireProtocol.OPENAI_CHAT, "http://localhost:11434/v1"),
    VLLM("vllm", WireProtocol.OPENAI_CHAT, "http://localhost:8000/v1"),
    LLAMA_CPP("llama-cpp", WireProtocol.OPENAI_CHAT, "http://localhost:8080/v1"),
    LM_STUDIO("lm-studio", WireProtocol.OPENAI_CHAT, "http://localhost:1234/v1"),
    OPENROUTER("openrouter", WireProtocol.OPENAI_CHAT, "https://openrouter.ai/api/v1"),
    GROQ("groq", WireProtocol.OPENAI_CHAT, "https://api.groq.com/openai/v1"),
    TOGETHER("together", WireProtocol.OPENAI_CHAT, "https://api.together.xyz/v1"),
    DEEPSEEK("deepseek", WireProtocol.OPENAI_CHAT, "https://api.deepseek.com/v1"),
    GEMINI("gemini", WireProtocol.OPENAI_CHAT, "https://generativelanguage.googleapis.com/v1beta/openai"),
    OPENAI_COMPATIBLE("openai-compatible", WireProtocol.OPENAI_CHAT, null);

    public enum WireProtocol { OPENAI_CHAT, ANTHROPIC_MESSAGES }

    private final String id;
    private final WireProtocol protocol;
    private final String defaultBaseUrl;

    ProviderKind(String id, WireProtocol protocol, String defaultBaseUrl) {
        this.id = id;
        this.protocol = protocol;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public WireProtocol protocol() {
        return protocol;
    }

    /** The provider's usual base URL, empty where every deployment has its own (Azure, generic servers, simulator). */
    public Optional<String> defaultBaseUrl() {
        return Optional.ofNullable(defaultBaseUrl);
    }

    /** Whether calls normally run on this machine, where the hardware beside the run matters most. */
    public boolean isLocal() {
        return defaultBaseUrl != null && defaultBaseUrl.startsWith("http://localhost") || this == SIMULATOR;
    }

    @JsonCreator
    public static ProviderKind fromId(String id) {
        return Arrays.stream(values())
                .filter(kind -> kind.id.equalsIgnoreCase(id) || kind.name().equalsIgnoreCase(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + id + "' is not a provider kind; use one of " + ids()));
    }

    public static String ids() {
        return Arrays.stream(values()).map(ProviderKind::id).collect(Collectors.joining(", "));
    }
}
