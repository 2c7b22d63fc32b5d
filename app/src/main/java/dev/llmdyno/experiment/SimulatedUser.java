package dev.llmdyno.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * One of a plan's simulated users (docs/users.md): its place among all of them (a users run's {@link Trial#row()}),
 * its id ({@code class-n}, from 1), and its class (index and spec).
 */
public record SimulatedUser(int index, String id, int userClass, ExperimentPlan.UserClass spec) {

    /** Every user of {@code classes}, class after class. */
    public static List<SimulatedUser> of(List<ExperimentPlan.UserClass> classes) {
        var users = new ArrayList<SimulatedUser>();
        for (int c = 0; c < classes.size(); c++) {
            var spec = classes.get(c);
            for (int n = 1; n <= spec.countOrDefault(); n++) {
                users.add(new SimulatedUser(users.size(), spec.name() + "-" + n, c, spec));
            }
        }
        return List.copyOf(users);
    }

    /** The requests it sends in each variant's pass: its class's, else the plan's repetitions. */
    int requests(ExperimentPlan plan) {
        return spec.requests() == null ? plan.repetitions() : spec.requests();
    }
}
