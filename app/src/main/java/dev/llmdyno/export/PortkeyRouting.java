package dev.llmdyno.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A routed profile as Portkey strategies: one group becomes a {@code loadbalance} over its targets; several become a
 * {@code fallback} over one {@code loadbalance} per group, in the profile's group order, falling back on the
 * fallback's statuses (and 408, the gateway's answer to its own request timeout, where timeouts fall back).
 *
 * <p>Checked against {@code src/handlers/handlerUtils.ts} of Portkey-AI/gateway at v1.15.2
 * ({@code tryTargetsRecursively}): {@code loadbalance} draws one target at random by weight and does not try another
 * when it fails; {@code fallback} tries its targets in order and stops at the first answer whose status is not in
 * {@code on_status_codes}; {@code retry}, {@code request_timeout} and {@code override_params} are inherited by every
 * nested target, so each target is retried on its own before the next group is tried. The tests run the export
 * in that gateway. The import reads the same two shapes back, and a config with one target as a profile without
 * routing.
 */
final class PortkeyRouting {

    /** The gateway's status for a try that ran past its request_timeout. */
    static final int GATEWAY_TIMEOUT_STATUS = 408;

    private PortkeyRouting() {
    }

    static void put(ObjectNode root, Profile profile, List<String> warnings) {
        var routing = profile.routing();
        if (routing.strategy() != Routing.Strategy.WEIGHTED) {
            warnings.add("routing.strategy " + routing.strategy().id() + " has no Portkey equivalent: Portkey's "
                    + "loadbalance picks a target at random by weight, which is what this config asks for");
        }
        warnings.add("routing.fallback.allowedFails and cooldownSeconds are not carried: the open-source gateway "
                + "rests no target (hosted Portkey's circuit breaker is configured apart)");
        warnings.add("Portkey's retry.attempts apply to each target on its own, where the profile's "
                + profile.levers().retry().maxRetries() + " retries are shared by all the targets of a call");
        var groups = routing.groupOrder();
        if (groups.size() == 1) {
            warnings.add("inside a loadbalance Portkey does not move a failed try to another target: the retries "
                    + "stay on the target drawn");
            putGroup(root, profile, groups.getFirst(), warnings);
            return;
        }
        var strategy = root.putObject("strategy").put("mode", "fallback");
        var codes = strategy.putArray("on_status_codes");
        routing.fallback().onStatus().forEach(codes::add);
        if (routing.fallback().onTimeout() && !routing.fallback().onStatus().contains(GATEWAY_TIMEOUT_STATUS)) {
            codes.add(GATEWAY_TIMEOUT_STATUS);
        }
        var members = root.putArray("targets");
        for (var group : groups) {
            var node = members.addObject();
            if (!group.isEmpty()) {
                node.put("name", group);
            }
            putGroup(node, profile, group, warnings);
        }
    }

    private static void putGroup(ObjectNode node, Profile profile, String group, List<String> warnings) {
        node.putObject("strategy").put("mode", "loadbalance");
        var targets = node.putArray("targets");
        for (var target : profile.routing().targets()) {
            if (target.groupOrDefault().equals(group)) {
                var leaf = targets.addObject().put("name", target.name());
                Portkey.putLeaf(leaf, target.endpoint(), target.model() == null ? profile.model() : target.model(),
                        profile.params(), target.weightOrDefault(), warnings);
            }
        }
    }

    /** A target of the config with its path in the file, its group ("" for none) and its name. */
    record Placed(JsonNode node, String path, String group, String name) {
    }

    /**
     * The targets a config calls, in order: the config itself when it has no targets, the first of a {@code single},
     * every target of a {@code loadbalance}, and every target of a {@code fallback}, each a group of its own or a
     * nested {@code loadbalance} group.
     */
    static List<Placed> place(JsonNode root, String source, List<String> warnings) throws InvalidInputException {
        var targets = root.path("targets");
        if (!targets.isArray() || targets.isEmpty()) {
            return List.of(new Placed(root, "(root)", "", null));
        }
        var placed = new ArrayList<Placed>();
        switch (mode(root)) {
            case "single" -> {
                if (targets.size() > 1) {
                    warnings.add("strategy single calls only targets[0]: the other " + (targets.size() - 1)
                            + " targets are not imported");
                }
                placed.add(leaf(targets.get(0), "targets[0]", "", source));
            }
            case "loadbalance" -> {
                for (int i = 0; i < targets.size(); i++) {
                    placed.add(leaf(targets.get(i), "targets[" + i + "]", "", source));
                }
            }
            case "fallback" -> {
                for (int i = 0; i < targets.size(); i++) {
                    var member = targets.get(i);
                    var at = "targets[" + i + "]";
                    var group = member.path("name").isTextual() ? member.path("name").asText() : "group-" + (i + 1);
                    var nested = member.path("targets");
                    if (!nested.isArray()) {
                        placed.add(leaf(member, at, group, source));
                        continue;
                    }
                    if (!mode(member).equals("loadbalance")) {
                        throw new InvalidInputException(source, List.of(Problem.at(at + ".strategy.mode", "'"
                                + mode(member) + "' inside a fallback cannot be imported: a profile's routing falls "
                                + "back across groups, each a loadbalance or a single target")));
                    }
                    for (int j = 0; j < nested.size(); j++) {
                        placed.add(leaf(nested.get(j), at + ".targets[" + j + "]", group, source));
                    }
                }
            }
            default -> throw new InvalidInputException(source, List.of(Problem.at("strategy.mode", "'" + mode(root)
                    + "' cannot be imported: a profile routes by loadbalance and fallback only")));
        }
        return placed;
    }

    private static String mode(JsonNode node) {
        return node.path("strategy").path("mode").asText("single");
    }

    private static Placed leaf(JsonNode node, String at, String group, String source) throws InvalidInputException {
        if (node.has("targets")) {
            throw new InvalidInputException(source, List.of(Problem.at(at + ".targets", "nests deeper than a "
                    + "profile's routing goes: a fallback over loadbalance groups of single targets")));
        }
        return new Placed(node, at, group, node.path("name").isTextual() ? node.path("name").asText() : null);
    }

    /** The routing of a config with several targets: weighted, with the fallback's statuses where it has them. */
    static Routing routing(JsonNode root, List<Placed> placed, List<Portkey.Leaf> leaves, String model,
                           List<String> warnings) {
        var names = new HashSet<String>();
        var targets = new ArrayList<Routing.Target>();
        for (int i = 0; i < placed.size(); i++) {
            var where = placed.get(i);
            var leaf = leaves.get(i);
            var name = Imports.targetName(names, where.name(), i);
            if (!Objects.equals(leaf.params(), leaves.getFirst().params())) {
                warnings.add(where.path() + ".override_params other than model are not carried per target: every "
                        + "target uses " + placed.getFirst().path() + "'s");
            }
            targets.add(new Routing.Target(name, leaf.endpoint(), model.equals(leaf.model()) ? null : leaf.model(),
                    leaf.weight() == null || leaf.weight() == 1 ? null : leaf.weight(),
                    where.group().isEmpty() ? null : where.group()));
        }
        Routing.Fallback fallback = null;
        var codes = root.path("strategy").path("on_status_codes");
        if (mode(root).equals("fallback") && codes.isArray()) {
            var statuses = new ArrayList<Integer>();
            codes.forEach(code -> statuses.add(code.asInt()));
            boolean onTimeout = statuses.remove(Integer.valueOf(GATEWAY_TIMEOUT_STATUS));
            fallback = new Routing.Fallback(statuses, onTimeout, null, null);
        } else if (mode(root).equals("fallback")) {
            warnings.add("strategy.on_status_codes is absent: Portkey falls back on any failed answer, the profile on "
                    + Routing.Fallback.DEFAULTS.onStatus() + " and timeouts");
        }
        return new Routing(Routing.Strategy.WEIGHTED, targets, fallback);
    }
}
