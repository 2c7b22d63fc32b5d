package dev.llmdyno.export;

import dev.llmdyno.call.WireRequest;
import dev.llmdyno.profile.Profile;

import java.util.ArrayList;

/** The profile's request as one curl command: the engine's own request, the key read from the environment. */
final class Curl implements Exporter {

    @Override
    public String id() {
        return "curl";
    }

    @Override
    public String fileName(Profile profile) {
        return Targets.slug(profile) + ".sh";
    }

    @Override
    public Export export(Profile profile) {
        var warnings = new ArrayList<String>();
        Snippets.warnVariables(profile, warnings);
        var key = Targets.needsKey(profile.endpoint()) ? "${" + Targets.keyVariable(profile.endpoint(), warnings) + "}" : null;
        var request = WireRequest.of(profile, key, Targets.SIMULATOR_URL);
        var levers = profile.levers();
        Unexpressed.warn(profile, Unexpressed.of(Unexpressed.RATE_LIMIT, Unexpressed.CACHE, Unexpressed.CONTEXT_BUDGET, Unexpressed.PRIORITY,
                Unexpressed.FIRST_TOKEN_TIMEOUT, Unexpressed.IDLE_TIMEOUT, Unexpressed.BACKOFF), "curl", warnings);
        int total = levers.timeouts().totalMs();
        warnings.add("curl's --max-time bounds each try and --retry-max-time when a new try may start, so the worst "
                + "case is about twice totalMs (" + Targets.seconds(2 * total) + " s): a try that starts just before "
                + Targets.seconds(total) + " s may run its full --max-time");
        var text = new StringBuilder(Comments.block("#", profile, warnings));
        // --fail-with-body: an HTTP error exits non-zero (22) and still prints what the server said.
        text.append("curl -sS --fail-with-body");
        if (profile.params().streaming()) {
            text.append(" -N");
        }
        text.append(" --connect-timeout ").append(Targets.seconds(levers.timeouts().connectMs()))
                .append(" --max-time ").append(Targets.seconds(levers.timeouts().totalMs()))
                .append(" --retry ").append(levers.retry().maxRetries())
                .append(" --retry-max-time ").append(Targets.seconds(levers.timeouts().totalMs()))
                .append(" \\\n  ").append(shellQuote(request.url()));
        request.headers().forEach((name, value) -> text.append(" \\\n  -H ").append(doubleQuote(name + ": " + value)));
        text.append(" \\\n  -H 'Content-Type: application/json'");
        text.append(" \\\n  -d ").append(shellQuote(request.body())).append('\n');
        return new Export(text.toString(), warnings);
    }

    private static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Double quotes, so that ${KEY} expands; nothing else in header values needs the shell. */
    private static String doubleQuote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`") + "\"";
    }
}
