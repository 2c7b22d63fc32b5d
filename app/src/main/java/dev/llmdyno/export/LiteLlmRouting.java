package dev.llmdyno.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A routed profile as LiteLLM's router: every target a deployment ({@code model_list} entry) whose
 * {@code model_info.id} is the target's name; the targets of one group share a {@code model_name} (the profile's
 * slug for a routing of one group, the group's name otherwise); {@code router_settings.fallbacks} goes from the first
 * group to the others in order; the strategy, {@code allowed_fails} and {@code cooldown_time} are LiteLLM's.
 *
 * <p>LiteLLM cannot be installed here; checked against its source (BerriAI/litellm at 1116dd59):
 * {@code litellm/router.py} ({@code routing_strategy}: simple-shuffle, least-busy, usage-based-routing,
 * latency-based-routing, cost-based-routing, usage-based-routing-v2; {@code allowed_fails}; {@code cooldown_time} in
 * seconds; {@code fallbacks} as a list of {@code {model_name: [model_name, ...]}}) and
 * {@code litellm/router_strategy/simple_shuffle.py} (a random pick weighted by {@code litellm_params.weight}, else by
 * rpm, else uniform).
 */
final class LiteLlmRouting {

    private static final Map<Routing.Strategy, String> STRATEGIES = Map.of(
            Routing.Strategy.ROUND_ROBIN, "simple-shuffle", Routing.Strategy.WEIGHTED, "simple-shuffle",
            Routing.Strategy.LEAST_OUTSTANDING, "least-busy", Routing.Strategy.LOWEST_LATENCY, "latency-based-routing");

    private LiteLlmRouting() {
    }

    static void put(LiteLlm litellm, Profile profile, ArrayNode list, ObjectNode router, List<String> warnings) {
        var routing = profile.routing();
        var groups = routing.groupOrder();
        var names = new LinkedHashMap<String, String>();
        for (var group : groups) {
            names.put(group, groups.size() == 1 || group.isEmpty() ? Targets.slug(profile) : group);
        }
        boolean weighted = routing.strategy() == Routing.Strategy.WEIGHTED
                || routing.targets().stream().anyMatch(target -> target.weight() != null);
        for (var target : routing.targets()) {
            var entry = list.addObject();
            entry.put("model_name", names.get(target.groupOrDefault()));
            var params = litellm.deployment(profile, target.endpoint(),
                    target.model() == null ? profile.model() : target.model(), warnings);
            if (weighted) {
                params.put("weight", target.weightOrDefault());
            }
            entry.set("litellm_params", params);
            entry.putObject("model_info").put("id", target.name());
        }
        router.put("routing_strategy", STRATEGIES.get(routing.strategy()));
        if (routing.strategy() == Routing.Strategy.ROUND_ROBIN) {
            warnings.add("LiteLLM has no round robin: simple-shuffle picks a deployment at random");
        }
        router.put("allowed_fails", routing.fallback().allowedFails());
        router.put("cooldown_time", routing.fallback().cooldownSeconds());
        if (groups.size() > 1) {
            var chain = router.putArray("fallbacks").addObject().putArray(names.get(groups.getFirst()));
            names.values().stream().skip(1).forEach(chain::add);
            warnings.add("clients ask for model '" + names.get(groups.getFirst()) + "'; LiteLLM falls back to "
                    + String.join(", then ", names.values().stream().skip(1).toList()) + " after its retries");
        }
        warnings.add("routing.fallback.onStatus and onTimeout are not carried: LiteLLM retries and falls back on "
                + "every error its retry policy covers");
    }

    /**
     * The entries a config's profile is made of, by index: the first entry's model group and the groups it falls
     * back to, in order. Entries of other model groups are named in a warning.
     */
    static List<Integer> chosen(JsonNode list, JsonNode router, List<String> warnings) {
        var primary = Imports.text(list.get(0), "model_name");
        var chain = new ArrayList<String>();
        chain.add(primary);
        for (var rule : router.path("fallbacks")) {
            var next = rule.path(primary == null ? "" : primary);
            next.forEach(name -> {
                if (!chain.contains(name.asText())) {
                    chain.add(name.asText());
                }
            });
        }
        var chosen = new ArrayList<Integer>();
        var left = new ArrayList<String>();
        for (var group : chain) {
            for (int i = 0; i < list.size(); i++) {
                if (Objects.equals(Imports.text(list.get(i), "model_name"), group)) {
                    chosen.add(i);
                }
            }
        }
        for (int i = 0; i < list.size(); i++) {
            if (!chosen.contains(i)) {
                left.add("model_list[" + i + "] (" + Imports.text(list.get(i), "model_name") + ")");
            }
        }
        if (!left.isEmpty()) {
            warnings.add(String.join(", ", left) + " not imported: a profile is the first model group ('" + primary
                    + "') and the groups it falls back to");
        }
        return chosen;
    }

    /** The routing of several deployments: their group is their model group, their name the deployment id. */
    static Routing routing(JsonNode router, List<LiteLlm.Deployment> deployments, List<Problem> problems,
                           List<String> warnings) {
        var first = deployments.getFirst();
        boolean oneGroup = deployments.stream().map(LiteLlm.Deployment::modelName).distinct().count() == 1;
        var names = new HashSet<String>();
        var targets = new ArrayList<Routing.Target>();
        for (int i = 0; i < deployments.size(); i++) {
            var deployment = deployments.get(i);
            var name = Imports.targetName(names, deployment.id(), i);
            if (!Objects.equals(deployment.params(), first.params()) || !Objects.equals(deployment.rateLimit(), first.rateLimit())
                    || !Objects.equals(deployment.totalMs(), first.totalMs())) {
                warnings.add(deployment.path() + ": sampling, limits and timeouts are not carried per target: every "
                        + "target uses " + first.path() + "'s");
            }
            targets.add(new Routing.Target(name, deployment.endpoint(),
                    deployment.model().equals(first.model()) ? null : deployment.model(),
                    deployment.weight() == null || deployment.weight() == 1 ? null : deployment.weight(),
                    oneGroup ? null : deployment.modelName()));
        }
        var strategyName = router.path("routing_strategy").asText("simple-shuffle");
        boolean weights = deployments.stream().anyMatch(d -> d.weight() != null);
        var strategy = switch (strategyName) {
            case "least-busy" -> Routing.Strategy.LEAST_OUTSTANDING;
            case "latency-based-routing" -> Routing.Strategy.LOWEST_LATENCY;
            case "simple-shuffle" -> weights ? Routing.Strategy.WEIGHTED : Routing.Strategy.ROUND_ROBIN;
            default -> {
                warnings.add("router_settings.routing_strategy " + strategyName + " has no equivalent here: imported as "
                        + (weights ? "weighted" : "round-robin"));
                yield weights ? Routing.Strategy.WEIGHTED : Routing.Strategy.ROUND_ROBIN;
            }
        };
        var cooldown = LiteLlm.millis(router, "cooldown_time", "router_settings.cooldown_time", problems);
        var fallback = new Routing.Fallback(null, null,
                Imports.integer(router, "allowed_fails", "router_settings.allowed_fails", problems),
                cooldown == null ? null : (int) Math.round(cooldown / 1000.0));
        return new Routing(strategy, targets, fallback);
    }
}
