package dev.llmdyno.experiment;

import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Problem;
import dev.llmdyno.profile.SecretRef;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** The checks of a plan's simulated users (docs/users.md), each problem with its path. */
final class UserPlans {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,40}");
    private static final int MAX_USERS = 10_000;
    private static final double MAX_RATE = 10_000;

    private UserPlans() {
    }

    /** Users send single calls at their own pace, so they go with neither conversations, a replay nor an arrival. */
    static void check(ExperimentPlan plan, List<Problem> problems) {
        if (plan.users().isEmpty()) {
            return;
        }
        if (plan.conversations() != null || plan.replay() != null) {
            problems.add(Problem.at("users", "users send single calls: leave out conversations and replay"));
        }
        if (plan.arrival().mode() != Arrival.Mode.SEQUENTIAL || plan.arrival().concurrency() != null) {
            problems.add(Problem.at("arrival", "each class of users sets its own pace (thinkTimeMs or "
                    + "ratePerSecond): leave arrival out"));
        }
        var names = new HashSet<String>();
        long total = 0;
        for (int i = 0; i < plan.users().size(); i++) {
            var spec = plan.users().get(i);
            var path = "users[" + i + "]";
            if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
                problems.add(Problem.at(path + ".name", spec.name() == null ? "is required"
                        : "'" + spec.name() + "' must be 1 to 40 letters, digits, '.', '_' or '-'"));
            } else if (!names.add(spec.name())) {
                problems.add(Problem.at(path + ".name", "'" + spec.name() + "' names another class too"));
            }
            atLeastOne(problems, path + ".count", spec.count());
            atLeastOne(problems, path + ".requests", spec.requests());
            atLeastOne(problems, path + ".requestsPerMinute", spec.requestsPerMinute());
            total += spec.countOrDefault();
            withinAnHour(problems, path + ".thinkTimeMs", spec.thinkTimeMs());
            withinAnHour(problems, path + ".startMs", spec.startMs());
            if (spec.ratePerSecond() != null && !(spec.ratePerSecond() > 0 && spec.ratePerSecond() <= MAX_RATE)) {
                problems.add(Problem.at(path + ".ratePerSecond", spec.ratePerSecond() + " requests/s is outside (0, "
                        + (int) MAX_RATE + "]"));
            }
            if (spec.thinkTimeMs() != null && spec.ratePerSecond() != null) {
                problems.add(Problem.at(path, "give thinkTimeMs (after each answer) or ratePerSecond (whether or not "
                        + "answered), not both"));
            }
            if (spec.weight() != null && !(spec.weight() > 0 && spec.weight() <= 1_000)) {
                problems.add(Problem.at(path + ".weight", spec.weight() + " is outside (0, 1000]"));
            }
            if (spec.apiKeyRef() != null && SecretRef.parse(spec.apiKeyRef()).isEmpty()) {
                problems.add(Problem.at(path + ".apiKeyRef", SecretRef.looksLikeSecretValue(spec.apiKeyRef())
                        ? "looks like a key itself; write a reference to it, env:NAME or keyring:NAME"
                        : "'" + spec.apiKeyRef() + "' is not a secret reference; use env:NAME or keyring:NAME"));
            }
        }
        if (total > MAX_USERS) {
            problems.add(Problem.at("users", total + " users in all is more than " + MAX_USERS));
        }
    }

    /** The priority lever orders users' classes, so a plan without users has nothing for it to order. */
    static void checkVariants(ExperimentPlan plan, List<Variant> variants, List<Problem> problems) {
        for (int i = 0; i < variants.size(); i++) {
            var profile = variants.get(i).profile();
            if (plan.users().isEmpty() && !profile.levers().priority().equals(Levers.Priority.NONE)) {
                problems.add(Problem.at("variants[" + i + "].levers.priority", "orders the requests of users' "
                        + "classes, and this plan has no users: add users, or leave the priority lever out"));
            }
            if (profile.routing() != null && plan.users().stream().anyMatch(c -> c.apiKeyRef() != null)) {
                problems.add(Problem.at("variants[" + i + "].routing", "users with a key of their own (apiKeyRef) "
                        + "call the profile's endpoint, not a routing group: leave routing out"));
            }
        }
    }

    private static void withinAnHour(List<Problem> problems, String path, Integer millis) {
        if (millis != null && (millis < 0 || millis > 3_600_000)) {
            problems.add(Problem.at(path, millis + " is outside [0, 3600000]"));
        }
    }

    private static void atLeastOne(List<Problem> problems, String path, Integer value) {
        if (value != null && value < 1) {
            problems.add(Problem.at(path, value + " must be at least 1"));
        }
    }
}
