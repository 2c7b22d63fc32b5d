package dev.llmdyno.experiment;

import dev.llmdyno.profile.Levers;
import dev.llmdyno.timing.NanoClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order in which the gate lets waiting requests through, one place in flight: each waiter is queued in a known
 * order while a first request holds the place, then the place is freed and every waiter, once through, notes its
 * class and leaves at once, so the notes are the gate's order.
 */
class PriorityGateTest {

    private static final ExperimentPlan.UserClass INTERACTIVE =
            new ExperimentPlan.UserClass("interactive", 1, null, null, null, null, 0, 3.0, null, null);
    private static final ExperimentPlan.UserClass BATCH =
            new ExperimentPlan.UserClass("batch", 1, null, null, null, null, 10, 1.0, null, null);

    private static List<Integer> order(Levers.Priority lever, List<Integer> arrivals) throws Exception {
        var gate = new PriorityGate(lever, List.of(INTERACTIVE, BATCH), NanoClock.SYSTEM);
        gate.enter(1);
        var through = Collections.synchronizedList(new ArrayList<Integer>());
        var threads = new ArrayList<Thread>();
        for (int userClass : arrivals) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    gate.enter(userClass);
                    through.add(userClass);
                    gate.leave();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            while (gate.waiting() < threads.size()) {
                Thread.onSpinWait();
            }
        }
        gate.leave();
        for (var thread : threads) {
            thread.join();
        }
        return List.copyOf(through);
    }

    private static List<Integer> repeat(int userClass, int times) {
        return Collections.nCopies(times, userClass);
    }

    private static List<Integer> concat(List<Integer> first, List<Integer> second) {
        var all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void firstComeLetsThemThroughInTheOrderTheyCame() throws Exception {
        var arrivals = List.of(1, 1, 0, 1, 0);
        assertThat(order(new Levers.Priority(Levers.PriorityPolicy.FIRST_COME, null, 1, null, null), arrivals))
                .isEqualTo(arrivals);
    }

    @Test
    void strictPriorityServesTheImportantClassFirstYetLeavesTheOtherItsFloor() throws Exception {
        // Batch came first; interactive (priority 0) is served before it, except that batch earns a quarter of a
        // turn with every grant while it waits and takes its turn at each whole one.
        var order = order(new Levers.Priority(Levers.PriorityPolicy.STRICT, null, 1, 0.25, null),
                concat(repeat(1, 10), repeat(0, 30)));
        assertThat(order.subList(0, 10)).containsExactly(0, 0, 0, 0, 1, 0, 0, 0, 1, 0);
        assertThat(order.subList(0, 24).stream().filter(c -> c == 1).count()).isEqualTo(5);
    }

    @Test
    void strictPriorityWithTheLeastFloorStillServesTheOtherClass() throws Exception {
        var order = order(new Levers.Priority(Levers.PriorityPolicy.STRICT, null, 1, 0.1, null),
                concat(repeat(1, 5), repeat(0, 30)));
        // Batch waits all along and earns a tenth of a turn per grant: the 11th grant is its, then every tenth.
        assertThat(order.subList(0, 10)).doesNotContain(1);
        assertThat(order.get(10)).isEqualTo(1);
        assertThat(order.get(20)).isEqualTo(1);
        assertThat(order.subList(0, 30).stream().filter(c -> c == 1).count()).isEqualTo(2);
    }

    @Test
    void fairQueueingSharesByWeight() throws Exception {
        // Interactive weighs 3, batch 1: of the first twenty grants, interactive takes three quarters.
        var order = order(new Levers.Priority(Levers.PriorityPolicy.FAIR, null, 1, null, null),
                concat(repeat(1, 20), repeat(0, 20)));
        assertThat(order.subList(0, 20).stream().filter(c -> c == 0).count()).isBetween(14L, 16L);
        assertThat(order).hasSize(40);
    }

    @Test
    void theRequestsPerMinuteBucketHoldsASecondAtMost() {
        NanoClock still = () -> 0L;
        var bucket = PriorityGate.oneSecondBucket(600, still);
        int granted = 0;
        while (bucket.tryAcquire(1) == 0) {
            granted++;
        }
        // 600 a minute is 10 a second: a full bucket lets ten through at once, not the minute's 600.
        assertThat(granted).isEqualTo(10);
    }
}
