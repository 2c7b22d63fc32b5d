package dev.llmdyno.experiment;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleTest {

    @Test
    void blocksHoldEveryVariantOnceWithTheSameRowInAShuffledOrder() throws Exception {
        var experiment = Experiments.parse("""
                variants: [{name: a}, {name: b}, {name: c}]
                dataset: {rows: [{topic: x}, {topic: y}]}
                repetitions: 10
                warmup: 2
                seed: 5
                """);
        var trials = Schedule.of(experiment);
        assertThat(trials).hasSize(3 * 2 + 3 * 2 * 10);
        assertThat(trials.subList(0, 6)).allMatch(Trial::warmup);
        var orders = new HashSet<String>();
        for (int block = 0; block < trials.size() / 3; block++) {
            var of = trials.subList(block * 3, block * 3 + 3);
            assertThat(of).extracting(Trial::variant).containsExactlyInAnyOrder(0, 1, 2);
            assertThat(of.stream().map(Trial::row).distinct()).hasSize(1);
            orders.add(of.stream().map(t -> String.valueOf(t.variant())).collect(Collectors.joining()));
        }
        assertThat(orders).as("variant order varies between blocks").hasSizeGreaterThan(3);
        assertThat(trials.stream().filter(t -> !t.warmup() && t.variant() == 1 && t.row() == 1)).hasSize(10);
        assertThat(trials).extracting(Trial::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, trials.size()).boxed().toList());
        assertThat(Schedule.of(experiment)).as("same seed, same schedule").isEqualTo(trials);
    }

    @Test
    void sweepsRepeatTheScheduleForEveryLevel() throws Exception {
        var experiment = Experiments.parse("""
                repetitions: 4
                warmup: 1
                arrival: {mode: sweep, sweep: {over: concurrency, levels: [1, 2, 4]}}
                """);
        var trials = Schedule.of(experiment);
        assertThat(trials).hasSize(3 * 5);
        assertThat(trials).extracting(Trial::level).containsOnly(0, 1, 2);
        assertThat(trials.stream().filter(t -> t.level() == 2 && t.warmup())).hasSize(1);
    }
}
