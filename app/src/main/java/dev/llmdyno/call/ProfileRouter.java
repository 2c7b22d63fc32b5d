package dev.llmdyno.call;

import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Routing;
import dev.llmdyno.timing.NanoClock;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The engine's router: a profile without {@code routing} goes to its one endpoint; one with routing spreads first
 * tries over its targets by the strategy, moves a retry after a fallback failure (a listed status, a timeout or a
 * connection error) to a target not yet tried in this call, and rests a target that failed {@code allowedFails}
 * times in a row for {@code cooldownSeconds}. Every try stays inside the first group (in the routing's order) that
 * has such a target left. What it learns (calls in flight, the TTFT average, failures) is kept
 * per routing for the engine's life, shared by every call that uses it.
 */
final class ProfileRouter implements Router {

    /** Weight of the newest TTFT in the moving average. */
    private static final double EWMA_WEIGHT = 0.3;
    /** Share of lowest-latency picks that try another target, so a recovered one is noticed. */
    private static final double EXPLORE = 0.1;

    private final NanoClock clock;
    private final Map<Routing, RoutingState> states = new ConcurrentHashMap<>();

    ProfileRouter(NanoClock clock) {
        this.clock = clock;
    }

    /** What is known of one target. */
    private static final class TargetState {
        final Routing.Target target;
        final int groupRank;
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger failuresInARow = new AtomicInteger();
        volatile long restedUntil;
        volatile double ttftEwma = Double.NaN;

        TargetState(Routing.Target target, int groupRank) {
            this.target = target;
            this.groupRank = groupRank;
        }
    }

    private static final class RoutingState {
        final List<TargetState> targets;
        final AtomicLong turn = new AtomicLong();

        RoutingState(Routing routing) {
            var order = routing.groupOrder();
            this.targets = routing.targets().stream()
                    .map(target -> new TargetState(target, order.indexOf(target.groupOrDefault()))).toList();
        }

        TargetState named(String name) {
            return targets.stream().filter(t -> t.target.name().equals(name)).findFirst().orElse(null);
        }
    }

    @Override
    public Route route(Profile profile, List<Attempt> attempts, Function<Endpoint, String> baseUrls) {
        var routing = profile.routing();
        if (routing == null || routing.targets().isEmpty()) {
            return SINGLE.route(profile, attempts, baseUrls);
        }
        var group = states.computeIfAbsent(routing, RoutingState::new);
        var chosen = choose(routing, group, attempts);
        var endpoint = chosen.target.endpoint();
        return new Route(chosen.target.name(), endpoint, baseUrls.apply(endpoint), chosen.target.model());
    }

    private TargetState choose(Routing routing, RoutingState group, List<Attempt> attempts) {
        if (!attempts.isEmpty()) {
            var last = attempts.getLast();
            var previous = group.named(last.target());
            if (!movesOn(routing.fallback(), last.error()) && previous != null) {
                return previous; // a retry the fallback does not cover goes where the last try went
            }
        }
        var tried = new HashSet<String>();
        attempts.forEach(attempt -> tried.add(attempt.target()));
        long now = clock.nanoTime();
        var candidates = group.targets.stream().filter(t -> !tried.contains(t.target.name()) && t.restedUntil <= now).toList();
        if (candidates.isEmpty()) {
            candidates = group.targets.stream().filter(t -> !tried.contains(t.target.name())).toList();
        }
        if (candidates.isEmpty()) {
            candidates = group.targets;
        }
        int firstGroup = candidates.stream().mapToInt(t -> t.groupRank).min().orElseThrow();
        candidates = candidates.stream().filter(t -> t.groupRank == firstGroup).toList();
        return switch (routing.strategy()) {
            case ROUND_ROBIN -> candidates.get((int) Math.floorMod(group.turn.getAndIncrement(), (long) candidates.size()));
            case WEIGHTED -> weighted(candidates);
            case LEAST_OUTSTANDING -> leastOutstanding(group, candidates);
            case LOWEST_LATENCY -> lowestLatency(group, candidates);
        };
    }

    private static TargetState weighted(List<TargetState> candidates) {
        double total = candidates.stream().mapToDouble(t -> t.target.weightOrDefault()).sum();
        double point = ThreadLocalRandom.current().nextDouble(total);
        for (var candidate : candidates) {
            point -= candidate.target.weightOrDefault();
            if (point < 0) {
                return candidate;
            }
        }
        return candidates.getLast();
    }

    private static TargetState leastOutstanding(RoutingState group, List<TargetState> candidates) {
        int fewest = candidates.stream().mapToInt(t -> t.outstanding.get()).min().orElse(0);
        var least = candidates.stream().filter(t -> t.outstanding.get() == fewest).toList();
        return least.get((int) Math.floorMod(group.turn.getAndIncrement(), (long) least.size()));
    }

    private static TargetState lowestLatency(RoutingState group, List<TargetState> candidates) {
        var unmeasured = candidates.stream().filter(t -> Double.isNaN(t.ttftEwma)).toList();
        if (!unmeasured.isEmpty()) {
            return unmeasured.get((int) Math.floorMod(group.turn.getAndIncrement(), (long) unmeasured.size()));
        }
        if (candidates.size() > 1 && ThreadLocalRandom.current().nextDouble() < EXPLORE) {
            return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
        }
        return candidates.stream().min(java.util.Comparator.comparingDouble(t -> t.ttftEwma)).orElseThrow();
    }

    /** Whether {@code error} sends the next try to another target. */
    private static boolean movesOn(Routing.Fallback fallback, CallError error) {
        if (error == null) {
            return false;
        }
        if (fallback.onStatus().contains(error.status())) {
            return true;
        }
        return fallback.onTimeout() && switch (error.type()) {
            case CONNECT, DNS, TLS, TIMEOUT_CONNECT, TIMEOUT_FIRST_TOKEN, TIMEOUT_IDLE -> true;
            default -> false;
        };
    }

    @Override
    public void attemptStarted(Profile profile, Route route) {
        var state = stateOf(profile, route);
        if (state != null) {
            state.outstanding.incrementAndGet();
        }
    }

    private TargetState stateOf(Profile profile, Route route) {
        var routing = profile.routing();
        var group = routing == null ? null : states.get(routing);
        return group == null ? null : group.named(route.target());
    }

    @Override
    public void attemptEnded(Profile profile, Route route, Attempt attempt, Double ttftMs) {
        var state = stateOf(profile, route);
        if (state == null) {
            return;
        }
        var routing = profile.routing();
        state.outstanding.decrementAndGet();
        if (attempt.error() == null) {
            state.failuresInARow.set(0);
            if (ttftMs != null) {
                double before = state.ttftEwma;
                state.ttftEwma = Double.isNaN(before) ? ttftMs : EWMA_WEIGHT * ttftMs + (1 - EWMA_WEIGHT) * before;
            }
        } else if (movesOn(routing.fallback(), attempt.error())
                && state.failuresInARow.incrementAndGet() >= routing.fallback().allowedFails()) {
            state.failuresInARow.set(0);
            state.restedUntil = clock.nanoTime() + TimeUnit.SECONDS.toNanos(routing.fallback().cooldownSeconds());
        }
    }
}
