package dev.llmdyno.export;

import dev.llmdyno.profile.Numbers;
import dev.llmdyno.profile.Profile;

import java.util.stream.Collectors;

/** A runnable Python snippet for the official OpenAI SDK: the tuned client and the call. */
final class OpenAiPython implements Exporter {

    @Override
    public String id() {
        return "openai-python";
    }

    @Override
    public String fileName(Profile profile) {
        return Targets.slug(profile).replace('-', '_') + ".py";
    }

    @Override
    public Export export(Profile profile) {
        var inputs = Snippets.inputs(profile, "The OpenAI Python SDK");
        var warnings = inputs.warnings();
        var levers = profile.levers();
        var params = profile.params();
        var base = inputs.baseUrl();
        var key = inputs.keyVariable() == null ? "\"unused\"" : "os.environ[" + Snippets.quote(inputs.keyVariable()) + "]";
        var prompt = inputs.prompt();
        var messages = new StringBuilder();
        if (!prompt.system().isEmpty()) {
            messages.append("        {\"role\": \"system\", \"content\": ").append(Snippets.quote(prompt.system())).append("},\n");
        }
        prompt.messages().forEach(m -> messages.append("        {\"role\": \"").append(m.role().id())
                .append("\", \"content\": ").append(Snippets.quote(m.content())).append("},\n"));
        var args = new StringBuilder();
        args.append("    model=").append(Snippets.quote(profile.model())).append(",\n");
        args.append("    messages=[\n").append(messages).append("    ],\n");
        args.append("    ").append(Snippets.maxTokensName(profile)).append('=').append(params.maxTokens()).append(",\n");
        if (params.temperature() != null) {
            args.append("    temperature=").append(Numbers.format(params.temperature())).append(",\n");
        }
        if (params.topP() != null) {
            args.append("    top_p=").append(Numbers.format(params.topP())).append(",\n");
        }
        if (!params.stop().isEmpty()) {
            args.append("    stop=[").append(params.stop().stream().map(Snippets::quote).collect(Collectors.joining(", "))).append("],\n");
        }
        if (params.seed() != null) {
            args.append("    seed=").append(params.seed()).append(",\n");
        }
        var text = new StringBuilder(Comments.block("#", profile, warnings));
        text.append("# pip install openai\nimport os\n\nfrom openai import OpenAI\n\nclient = OpenAI(\n");
        var baseUrl = Snippets.baseUrlExpression(base, "os.environ.get(\"OPENAI_BASE_URL\") or ");
        if (baseUrl != null) {
            text.append("    base_url=").append(baseUrl).append(",\n");
        }
        text.append("    api_key=").append(key).append(",\n");
        text.append("    timeout=").append(Targets.seconds(levers.timeouts().totalMs())).append(",\n");
        text.append("    max_retries=").append(levers.retry().maxRetries()).append(",\n)\n\n");
        if (params.streaming()) {
            text.append("stream = client.chat.completions.create(\n").append(args)
                    .append("    stream=True,\n    stream_options={\"include_usage\": True},\n)\n")
                    .append("for chunk in stream:\n")
                    .append("    if chunk.choices and chunk.choices[0].delta.content:\n")
                    .append("        print(chunk.choices[0].delta.content, end=\"\", flush=True)\n")
                    .append("    if chunk.usage:\n        print(\"\\n\", chunk.usage)\n");
        } else {
            text.append("completion = client.chat.completions.create(\n").append(args).append(")\n")
                    .append("print(completion.choices[0].message.content)\nprint(completion.usage)\n");
        }
        return new Export(text.toString(), warnings);
    }
}
