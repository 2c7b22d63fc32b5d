package dev.llmdyno.cli;

import dev.llmdyno.tuning.Search;
import dev.llmdyno.tuning.SearchResult;
import dev.llmdyno.tuning.Tuning;
import dev.llmdyno.tuning.TuningFiles;
import dev.llmdyno.tuning.TuningPlans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "tune", description = "Search a tuning plan's levers for the profile that minimises its objective "
        + "within its SLO and budget; DIR gets recommended.yaml, pareto.json, search.json and report.html. Running "
        + "it again on the same DIR resumes a stopped search. Exit 0 with a confirmed recommendation, 3 without one, "
        + "2 for a bad plan.")
final class TuneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PLAN", description = "The tuning plan (YAML or JSON).")
    Path planFile;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where the search's files go.")
    Path out;

    @Option(names = "--json", description = "Print the search's result as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        var catalog = Catalogs.load();
        var tuning = Input.checked(planFile, "tuning plan", new TuningPlans(catalog)::read);
        var err = spec.commandLine().getErr();
        List<SearchResult.Round> done;
        try {
            var previous = TuningFiles.previous(out, tuning);
            if (previous.isPresent() && previous.get().status() != SearchResult.Status.STOPPED) {
                err.println("This search is done; " + out.resolve(TuningFiles.SEARCH) + " holds it (delete it to search again).");
                return finish(tuning, previous.get());
            }
            done = previous.map(SearchResult::rounds).orElse(List.of());
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        err.printf(Locale.ROOT, "%d candidates; minimising the %s%s%s%n", tuning.candidates().size(),
                tuning.plan().objective().describe(), tuning.plan().slo() == null ? ""
                        : " within " + tuning.plan().slo().describe(), done.isEmpty() ? ""
                        : "; resuming after round " + done.size());
        try (var engine = Engines.standard(catalog)) {
            var saveFailures = new ArrayList<String>();
            var search = new Search(engine, catalog, tuning, new Search.Listener() {
                @Override
                public void onRound(SearchResult.Round round, SearchResult sofar) {
                    var kept = sofar.trials().stream().filter(t -> t.round() == round.number()).toList();
                    err.printf(Locale.ROOT, "round %d: %d candidates × %d requests; kept %d, %d missed a constraint%n",
                            round.number(), round.candidates().size(), round.requestsEach(),
                            kept.stream().filter(SearchResult.Trial::kept).count(), kept.stream()
                                    .filter(t -> t.standing() == dev.llmdyno.experiment.Results.Standing.MISSED).count());
                    save(tuning, sofar, saveFailures);
                }

                @Override
                public void onConfirming(String candidate, int requests) {
                    err.printf(Locale.ROOT, "confirming %s with %d requests and a fresh seed%n", TerminalText.safe(candidate),
                            requests);
                }
            });
            var finished = new CountDownLatch(1);
            var stopOnCtrlC = new Thread(() -> {
                search.cancel();
                try {
                    finished.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
            try {
                var result = search.run(done);
                save(tuning, result, saveFailures);
                if (!saveFailures.isEmpty()) {
                    throw new UserError(out + ": cannot write the search (" + saveFailures.getLast() + ")");
                }
                return finish(tuning, result);
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is waiting for the files above.
                }
            }
        }
    }

    private void save(Tuning tuning, SearchResult result, List<String> failures) {
        try {
            TuningFiles.write(out, tuning, result);
        } catch (IOException e) {
            failures.add(e.getMessage());
        }
    }

    private int finish(Tuning tuning, SearchResult result) {
        var stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(Json.write(result));
        } else {
            stdout.print(TuneSummary.render(result));
            if (result.status() == SearchResult.Status.RECOMMENDED) {
                stdout.println("Recommended profile: " + out.resolve(TuningFiles.RECOMMENDED));
            }
            stdout.println("Report: " + out.resolve(TuningFiles.REPORT));
        }
        return result.status() == SearchResult.Status.RECOMMENDED ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
