package dev.llmdyno.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes a server's Prometheus endpoint through an experiment's run, as guidellm does: once when it starts, every
 * {@code interval} for the gauges (requests running and waiting), and once when it ends; {@link #stop()} gives the
 * {@link ServerWindow} between them. It runs on a thread of its own, off the measured calls' threads. A scrape that
 * fails is said in the window's {@code problem} and never stops the run.
 */
public final class ServerWatch {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final Duration interval;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ServerWindow.Gauges gauges = new ServerWindow.Gauges();
    private Exposition first;
    private Exposition last;
    private int scrapes;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile String problem;

    private ServerWatch(URI url, Duration interval) {
        this.url = url;
        this.interval = interval;
        scrape();
        this.thread = Thread.ofPlatform().daemon().name("server-metrics").start(this::watch);
    }

    /** Starts watching {@code url}: the first scrape is taken before this returns. */
    public static ServerWatch start(URI url, Duration interval) {
        return new ServerWatch(url, interval);
    }

    /** Takes the last scrape and gives the window since the first. */
    public ServerWindow stop() {
        stopped.countDown();
        try {
            thread.join(TIMEOUT.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        scrape();
        synchronized (this) {
            if (scrapes < 2) {
                return ServerWindow.failed(url.toString(), problem);
            }
            return ServerWindow.between(url.toString(), seconds, first, last, scrapes, gauges, problem);
        }
    }

    private void watch() {
        try {
            while (!stopped.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                scrape();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scrape() {
        try {
            var response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                fail("HTTP " + response.statusCode());
                return;
            }
            record(Exposition.parse(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Only the first and latest scrapes are kept, with the gauges of all: an hour's run keeps two. */
    private synchronized void record(Exposition scrape) {
        if (first == null) {
            first = scrape;
        }
        last = scrape;
        scrapes++;
        gauges.add(scrape);
    }

    /** The first failure is the one worth reading; later ones usually repeat it. */
    private void fail(String why) {
        if (problem == null) {
            problem = "scraping " + url + " failed: " + why;
        }
    }
}
