package dev.llmdyno.export;

import dev.llmdyno.profile.Numbers;
import dev.llmdyno.profile.Profile;

import java.util.stream.Collectors;

/** A runnable ES-module snippet for the official OpenAI Node SDK. */
final class OpenAiNode implements Exporter {

    @Override
    public String id() {
        return "openai-node";
    }

    @Override
    public String fileName(Profile profile) {
        return Targets.slug(profile) + ".mjs";
    }

    @Override
    public Export export(Profile profile) {
        var inputs = Snippets.inputs(profile, "The OpenAI Node SDK");
        var warnings = inputs.warnings();
        var levers = profile.levers();
        var params = profile.params();
        var base = inputs.baseUrl();
        var key = inputs.keyVariable() == null ? "\"unused\"" : "process.env." + inputs.keyVariable();
        var prompt = inputs.prompt();
        var messages = new StringBuilder();
        if (!prompt.system().isEmpty()) {
            messages.append("    { role: \"system\", content: ").append(Snippets.quote(prompt.system())).append(" },\n");
        }
        prompt.messages().forEach(m -> messages.append("    { role: \"").append(m.role().id()).append("\", content: ")
                .append(Snippets.quote(m.content())).append(" },\n"));
        var args = new StringBuilder();
        args.append("  model: ").append(Snippets.quote(profile.model())).append(",\n");
        args.append("  messages: [\n").append(messages).append("  ],\n");
        args.append("  ").append(Snippets.maxTokensName(profile)).append(": ").append(params.maxTokens()).append(",\n");
        if (params.temperature() != null) {
            args.append("  temperature: ").append(Numbers.format(params.temperature())).append(",\n");
        }
        if (params.topP() != null) {
            args.append("  top_p: ").append(Numbers.format(params.topP())).append(",\n");
        }
        if (!params.stop().isEmpty()) {
            args.append("  stop: [").append(params.stop().stream().map(Snippets::quote).collect(Collectors.joining(", "))).append("],\n");
        }
        if (params.seed() != null) {
            args.append("  seed: ").append(params.seed()).append(",\n");
        }
        var text = new StringBuilder(Comments.block("//", profile, warnings));
        text.append("// npm install openai   then   node ").append(fileName(profile)).append("\nimport OpenAI from \"openai\";\n\nconst client = new OpenAI({\n");
        var baseUrl = Snippets.baseUrlExpression(base, "process.env.OPENAI_BASE_URL || ");
        if (baseUrl != null) {
            text.append("  baseURL: ").append(baseUrl).append(",\n");
        }
        text.append("  apiKey: ").append(key).append(",\n");
        text.append("  timeout: ").append(levers.timeouts().totalMs()).append(",\n");
        text.append("  maxRetries: ").append(levers.retry().maxRetries()).append(",\n});\n\n");
        if (params.streaming()) {
            text.append("const stream = await client.chat.completions.create({\n").append(args)
                    .append("  stream: true,\n  stream_options: { include_usage: true },\n});\n")
                    .append("for await (const chunk of stream) {\n")
                    .append("  process.stdout.write(chunk.choices[0]?.delta?.content ?? \"\");\n")
                    .append("  if (chunk.usage) console.log(\"\\n\", chunk.usage);\n}\n");
        } else {
            text.append("const completion = await client.chat.completions.create({\n").append(args).append("});\n")
                    .append("console.log(completion.choices[0].message.content);\nconsole.log(completion.usage);\n");
        }
        return new Export(text.toString(), warnings);
    }
}
