package dev.llmdyno.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The order of requests. Each block holds one request per variant with the same variable row, in an order shuffled
 * per block, and the blocks themselves come in a shuffled order: drift in the network or the provider falls on all
 * variants alike, and neither the variant order nor the row order can pose as an effect. Warm-ups (one block per
 * warm-up request) come first in each pace. The same plan and seed give the same schedule, which is what lets an
 * interrupted run resume.
 */
public final class Schedule {

    private Schedule() {
    }

    public static List<Trial> of(Experiment experiment) {
        if (experiment.replaying()) {
            return passes(experiment);
        }
        if (experiment.crowded()) {
            return crowd(experiment);
        }
        return experiment.conversational() ? sessions(experiment) : calls(experiment);
    }

    /**
     * A replay's schedule: one pass per variant, in an order shuffled by the seed, each its warm-ups (the first
     * record) and then every record of the trace in the order it started; the row is the record's index.
     */
    private static List<Trial> passes(Experiment experiment) {
        var random = new SplittableRandom(experiment.plan().seed());
        var trials = new ArrayList<Trial>();
        for (int variant : shuffledVariants(experiment.variants().size(), random)) {
            for (int w = 0; w < experiment.plan().warmup(); w++) {
                trials.add(new Trial(trials.size(), variant, 0, -1, true, 0));
            }
            for (int record = 0; record < experiment.trace().size(); record++) {
                trials.add(new Trial(trials.size(), variant, record, 0, false, 0));
            }
        }
        return trials;
    }

    /**
     * A users run's schedule: one pass per variant, in an order shuffled by the seed (the users of one variant
     * compete with each other, not with another variant's), each its warm-ups and then every user's requests, user
     * after user; the row is the user and the repetition the user's request number.
     */
    private static List<Trial> crowd(Experiment experiment) {
        var plan = experiment.plan();
        var random = new SplittableRandom(plan.seed());
        var trials = new ArrayList<Trial>();
        for (int variant : shuffledVariants(experiment.variants().size(), random)) {
            for (int w = 0; w < plan.warmup(); w++) {
                trials.add(new Trial(trials.size(), variant, 0, -1, true, 0));
            }
            for (var user : experiment.users()) {
                for (int request = 0; request < user.requests(plan); request++) {
                    trials.add(new Trial(trials.size(), variant, user.index(), request, false, 0));
                }
            }
        }
        return trials;
    }

    private static List<Trial> calls(Experiment experiment) {
        var plan = experiment.plan();
        int variants = experiment.variants().size();
        int rows = Math.max(1, experiment.rows().size());
        var random = new SplittableRandom(plan.seed());
        var trials = new ArrayList<Trial>();
        int paces = plan.arrival().paces().size();
        for (int level = 0; level < paces; level++) {
            for (int w = 0; w < plan.warmup(); w++) {
                addBlock(trials, random, variants, w % rows, -1, true, level);
            }
            var units = new ArrayList<int[]>();
            for (int repetition = 0; repetition < plan.repetitions(); repetition++) {
                for (int row = 0; row < rows; row++) {
                    units.add(new int[]{row, repetition});
                }
            }
            shuffle(units, random);
            for (var unit : units) {
                addBlock(trials, random, variants, unit[0], unit[1], false, level);
            }
        }
        return trials;
    }

    /**
     * A conversation run's schedule: blocks as above, each of one session per variant (the same conversation and
     * repetition), a session being its turns in order; warm-ups are single first turns. A summary call that may go
     * before a turn is filed under the turn's index plus the count of all turns, so that every index stays fixed.
     */
    private static List<Trial> sessions(Experiment experiment) {
        var plan = experiment.plan();
        int variants = experiment.variants().size();
        var conversations = experiment.conversations();
        var random = new SplittableRandom(plan.seed());
        var trials = new ArrayList<Trial>();
        int paces = plan.arrival().paces().size();
        for (int level = 0; level < paces; level++) {
            for (int w = 0; w < plan.warmup(); w++) {
                for (int variant : shuffledVariants(variants, random)) {
                    trials.add(new Trial(trials.size(), variant, w % conversations.size(), -1, true, level, 0, false));
                }
            }
            var units = new ArrayList<int[]>();
            for (int repetition = 0; repetition < plan.repetitions(); repetition++) {
                for (int c = 0; c < conversations.size(); c++) {
                    units.add(new int[]{c, repetition});
                }
            }
            shuffle(units, random);
            for (var unit : units) {
                for (int variant : shuffledVariants(variants, random)) {
                    for (int turn = 0; turn < conversations.get(unit[0]).turns().size(); turn++) {
                        trials.add(new Trial(trials.size(), variant, unit[0], unit[1], false, level, turn, false));
                    }
                }
            }
        }
        return trials;
    }

    /** How many measured requests each variant gets per pace (in a conversation run, turns; in a replay, records). */
    public static int measuredPerVariant(Experiment experiment) {
        if (experiment.replaying()) {
            return experiment.trace().size();
        }
        if (experiment.crowded()) {
            return experiment.users().stream().mapToInt(user -> user.requests(experiment.plan())).sum();
        }
        if (experiment.conversational()) {
            return experiment.plan().repetitions()
                    * experiment.conversations().stream().mapToInt(c -> c.turns().size()).sum();
        }
        return Math.max(1, experiment.rows().size()) * experiment.plan().repetitions();
    }

    private static void addBlock(List<Trial> trials, SplittableRandom random, int variants, int row, int repetition,
                                 boolean warmup, int level) {
        for (int variant : shuffledVariants(variants, random)) {
            trials.add(new Trial(trials.size(), variant, row, repetition, warmup, level));
        }
    }

    private static List<Integer> shuffledVariants(int variants, SplittableRandom random) {
        var order = new ArrayList<Integer>();
        for (int v = 0; v < variants; v++) {
            order.add(v);
        }
        shuffle(order, random);
        return order;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            list.set(j, list.set(i, list.get(j)));
        }
    }
}
