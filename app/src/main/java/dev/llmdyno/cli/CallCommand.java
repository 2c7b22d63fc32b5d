package dev.llmdyno.cli;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallListener;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.CallResult;
import dev.llmdyno.call.PromptCacheState;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileValidator;
import dev.llmdyno.advice.Advisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "call", description = "Call a model with a profile: stream the answer, then show where the time and money went.")
final class CallCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROFILE", description = "The profile (JSON or YAML).")
    Path profileFile;

    @Option(names = "--base-url", paramLabel = "URL", description = "Call this base URL instead of the profile's.")
    String baseUrl;

    @Option(names = "--model", paramLabel = "ID", description = "Call this model instead of the profile's.")
    String model;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Set a {{variable}}; may be repeated.")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--no-stream", description = "Ask for the whole answer at once.")
    boolean noStream;

    @Option(names = "--json", description = "Print one JSON object: text, error, attempts, metrics, advice.")
    boolean json;

    @Option(names = "--no-cache", description = "Ask the provider even if the response cache holds an answer (the new one is kept).")
    boolean noCache;

    @Option(names = "--no-store", description = "Do not keep this answer in the response cache.")
    boolean noStore;

    @Override
    public Integer call() {
        var profile = load();
        var out = spec.commandLine().getOut();
        var listener = json ? CallListener.NONE : new CallListener() {
            @Override
            public void onContent(String text) {
                out.print(TerminalText.safe(text));
                out.flush();
            }

            @Override
            public void onRetry(dev.llmdyno.call.Attempt failed, double waitMs) {
                spec.commandLine().getErr().printf("[attempt %d failed: %s; retrying in %.0f ms]%n",
                        failed.number(), TerminalText.safe(String.valueOf(failed.error())), waitMs);
            }
        };
        profile.endpoint().cleartextKeyWarning().ifPresent(warning ->
                spec.commandLine().getErr().println("warning: " + warning));
        CallResult result;
        var options = new CallOptions(variables, 0, listener, new CallOptions.CacheUse(!noCache, !noStore), null);
        try (var engine = Engines.standard(Catalogs.load())) {
            if (PromptCacheState.needsPrimer(profile)) {
                prime(engine, profile, options);
            }
            result = engine.call(profile, PromptCacheState.measuredOptions(profile, options));
        }
        var advice = Advisor.forCall(profile, result);
        if (json) {
            var root = jsonOf(result);
            root.put("advice", advice);
            out.println(Json.write(root));
        } else {
            out.println();
            out.print(CallSummary.render(result));
            advice.forEach(a -> out.println("advice: " + a.sentence()));
        }
        return result.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** One unmeasured call first, kept out of the response cache, so the measured one finds the prompt cached. */
    private void prime(CallEngine engine, Profile profile, CallOptions measured) {
        var primer = engine.call(profile, PromptCacheState.primerOptions(measured));
        var err = spec.commandLine().getErr();
        if (primer.ok()) {
            var m = primer.metrics();
            err.printf("[prompt cache primed: %s tokens written, %s read]%n", CallSummary.count(m.cacheWriteTokens()),
                    CallSummary.count(m.cachedInputTokens()));
        } else {
            err.println("warning: the priming call failed (" + TerminalText.safe(String.valueOf(primer.error()))
                    + "); the measured call starts from whatever the cache holds");
        }
    }

    private Profile load() {
        var profile = ProfileFiles.read(profileFile, Catalogs.load());
        if (baseUrl != null) {
            profile = profile.withEndpoint(profile.endpoint().withBaseUrl(baseUrl));
        }
        if (model != null) {
            profile = profile.withModel(model);
        }
        if (noStream) {
            profile = profile.withParams(profile.params().withStream(false));
        }
        var problems = new ProfileValidator(Catalogs.load()).validate(profile.withPrompt(
                profile.prompt().withVariables(profile.prompt().variablesWith(variables))));
        if (!problems.isEmpty()) {
            throw new UserError(String.join("\n", problems.stream().map(Object::toString).toList()));
        }
        return profile;
    }

    static Map<String, Object> jsonOf(CallResult result) {
        var root = new LinkedHashMap<String, Object>();
        root.put("model", result.model());
        root.put("text", result.text());
        if (!result.reasoning().isEmpty()) {
            root.put("reasoning", result.reasoning());
        }
        root.put("finishReason", result.finishReason());
        root.put("error", result.error() == null ? null : Map.of("type", result.error().type().id(),
                "status", result.error().status(), "message", result.error().message()));
        root.put("attempts", result.attempts().stream().map(a -> {
            var attempt = new LinkedHashMap<String, Object>();
            attempt.put("number", a.number());
            attempt.put("status", a.status());
            attempt.put("error", a.error() == null ? null : a.error().type().id());
            attempt.put("waitedMs", a.waitedMs());
            attempt.put("durationMs", a.durationMs());
            attempt.put("target", a.target());
            return attempt;
        }).toList());
        root.put("cached", result.cached());
        root.put("metrics", result.metrics());
        root.put("headers", result.headers());
        return root;
    }
}
