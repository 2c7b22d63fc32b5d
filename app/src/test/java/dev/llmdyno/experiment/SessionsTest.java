package dev.llmdyno.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a resumed conversation run keeps: whole sessions only, as a history cannot be taken up in the middle. */
class SessionsTest {

    private static Sample sample(Trial trial, boolean ok) {
        return ok ? new Sample(trial.index(), trial.variant(), trial.level(), trial.row(), trial.repetition(),
                trial.warmup(), 0, 1, true, null, 200, 1, false, 0.0, 1.0, 1.0, 1.0, 2.0, 2.0, 10, 0, 0, 5, 0.001,
                null, null, trial.turnOrNull(), trial.summary()) : Sample.failed(trial, 0, 1, "http_500");
    }

    @Test
    void aResumedRunKeepsFinishedSessionsAndPlaysACutOneAgainFromItsFirstTurn() throws Exception {
        var experiment = Experiments.parse("""
                conversations: {sessions: [{turns: [a, b, c]}, {turns: [d, e, f]}, {turns: [g, h]}]}
                repetitions: 1
                warmup: 0
                """);
        var schedule = Schedule.of(experiment);
        var sessions = Sessions.of(schedule);
        assertThat(sessions).hasSize(3).allSatisfy(session -> assertThat(session.getFirst().turn()).isZero());
        var whole = sessions.get(0);
        var cut = sessions.get(1);
        var failed = sessions.get(2);
        var previous = new java.util.ArrayList<Sample>();
        whole.forEach(trial -> previous.add(sample(trial, true)));
        previous.add(sample(whole.get(2).summaryCall(whole.get(2).index() + schedule.size()), true));
        previous.add(sample(cut.get(0), true));
        previous.add(sample(cut.get(1), true));
        previous.add(sample(failed.get(0), false)); // a failed turn ends its session: nothing after it is due

        var resumed = Sessions.resume(experiment, schedule, previous);
        var kept = resumed.kept();

        assertThat(resumed.done()).hasSize(schedule.size() - cut.size());
        assertThat(kept).hasSize(whole.size() + 2).noneMatch(s -> s.row() == cut.getFirst().row());
        assertThat(kept).filteredOn(Sample::summary).hasSize(1);
        try (var engine = Experiments.engine()) {
            var run = new ExperimentRun(engine, Experiments.CATALOG, experiment, previous, sample -> { });
            assertThat(run.setAside()).hasSize(2).allMatch(s -> s.row() == cut.getFirst().row());
            // The cut session's three turns are all still to do; its two old samples are left out of the results.
            assertThat(run.progress().done()).isEqualTo(schedule.size() - cut.size());
        }
    }

    @Test
    void sessionsOfTheSameConversationFollowEachOtherOnePerVariantInEachBlock() throws Exception {
        var experiment = Experiments.parse("""
                variants: [{name: a}, {name: b, overrides: {levers: {context: {strategy: window, keepTurns: 1}}}}]
                conversations: {sessions: [{turns: [x, y]}, {turns: [z]}]}
                repetitions: 2
                warmup: 1
                """);
        var sessions = Sessions.of(Schedule.of(experiment));
        // 2 warm-up first turns, then 2 repetitions x 2 conversations x 2 variants
        assertThat(sessions).hasSize(2 + 8);
        assertThat(sessions.subList(0, 2)).allSatisfy(s -> assertThat(s).singleElement().matches(Trial::warmup));
        for (int block = 2; block < sessions.size(); block += 2) {
            var first = sessions.get(block).getFirst();
            var second = sessions.get(block + 1).getFirst();
            assertThat(List.of(first.row(), first.repetition())).isEqualTo(List.of(second.row(), second.repetition()));
            assertThat(first.variant()).isNotEqualTo(second.variant());
            assertThat(sessions.get(block)).hasSize(experiment.conversations().get(first.row()).turns().size());
        }
    }
}
