package dev.llmdyno.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sessions of a conversation run's schedule, and which of them a resumed run may keep; in a users run, which of
 * its passes.
 */
final class Sessions {

    private Sessions() {
    }

    /** {@code trials} cut into sessions: each starts at turn 0 and holds the turns after it. */
    static List<List<Trial>> of(List<Trial> trials) {
        var sessions = new ArrayList<List<Trial>>();
        for (var trial : trials) {
            if (trial.turn() == 0 || sessions.isEmpty()) {
                sessions.add(new ArrayList<>());
            }
            sessions.getLast().add(trial);
        }
        return sessions;
    }

    /**
     * What a resumed run takes up from {@code previous}: the samples it keeps and the schedule's indices that are
     * done. For a conversation run both are those of finished sessions: every turn recorded, or a turn failed (which
     * ends a session, so the turns after it are done unsent). A session cut off in the middle is played again from its
     * first turn, as its history cannot be taken up where it stopped. {@code schedule} is the whole schedule; a
     * summary call is filed under its turn's index plus the schedule's size.
     */
    record Resumed(List<Sample> kept, Set<Integer> done) {
    }

    static Resumed resume(Experiment experiment, List<Trial> schedule, List<Sample> previous) {
        if (experiment.crowded()) {
            return wholePasses(schedule, previous);
        }
        if (!experiment.conversational()) {
            return new Resumed(previous, previous.stream().map(Sample::trial).collect(Collectors.toSet()));
        }
        Map<Integer, Sample> byTrial = new HashMap<>();
        previous.forEach(sample -> byTrial.put(sample.trial(), sample));
        var done = new HashSet<Integer>();
        for (var session : of(schedule)) {
            boolean finished = true;
            for (var trial : session) {
                var sample = byTrial.get(trial.index());
                if (sample == null) {
                    finished = false;
                    break;
                }
                if (!sample.ok()) {
                    break;
                }
            }
            if (finished) {
                session.forEach(trial -> done.add(trial.index()));
            }
        }
        int size = schedule.size();
        var kept = previous.stream().filter(sample -> done.contains(sample.summary()
                ? sample.trial() - size : sample.trial())).toList();
        return new Resumed(kept, done);
    }

    /**
     * A users run keeps only the passes that were played to the end. What a pass measures is its users competing
     * with each other, so a pass cut off in the middle is played again whole: its remaining users alone would meet
     * a lighter load than the one the plan sets.
     */
    private static Resumed wholePasses(List<Trial> schedule, List<Sample> previous) {
        var recorded = previous.stream().map(Sample::trial).collect(Collectors.toSet());
        var cut = schedule.stream().filter(trial -> !recorded.contains(trial.index())).map(Trial::variant)
                .collect(Collectors.toSet());
        var done = schedule.stream().filter(trial -> !cut.contains(trial.variant())).map(Trial::index)
                .collect(Collectors.toSet());
        return new Resumed(previous.stream().filter(sample -> done.contains(sample.trial())).toList(), done);
    }
}
