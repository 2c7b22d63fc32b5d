package dev.llmdyno.telemetry;

import oshi.hardware.GpuStats;
import oshi.hardware.GraphicsCard;

import java.util.ArrayList;
import java.util.List;

/**
 * GPUs through OSHI: each card's name, vendor and VRAM, and, from a stats session kept open per card
 * ({@link GraphicsCard#createStatsSession()}, OSHI 6.11+), utilisation, VRAM in use, temperature and power. OSHI
 * says "not available" with -1; that becomes null here, never a 0. A card OSHI knows nothing about is left out.
 */
public final class OshiGpus implements GpuSource, AutoCloseable {

    /** One card as OSHI describes it; tests give fakes. */
    interface Card {
        String name();

        String vendor();

        long vramBytes();

        GpuStats openStats();
    }

    private final List<Session> sessions;

    private static final class Session {
        final Card card;
        GpuStats stats;
        /** Set when the card cannot give a stats session: its name and VRAM are still read. */
        boolean statsUnavailable;

        Session(Card card) {
            this.card = card;
        }
    }

    OshiGpus(List<Card> cards) {
        this.sessions = cards.stream().map(Session::new).toList();
    }

    /** The machine's cards as OSHI lists them. */
    public static OshiGpus of(List<GraphicsCard> cards) {
        return new OshiGpus(cards.stream().<Card>map(card -> new Card() {
            @Override
            public String name() {
                return card.getName();
            }

            @Override
            public String vendor() {
                return card.getVendor();
            }

            @Override
            public long vramBytes() {
                return card.getVRam();
            }

            @Override
            public GpuStats openStats() {
                return card.createStatsSession();
            }
        }).toList());
    }

    @Override
    public synchronized List<GpuReading> read() {
        var readings = new ArrayList<GpuReading>();
        for (var session : sessions) {
            var card = session.card;
            var reading = new GpuReading(card.name(), card.vendor(), card.vramBytes() > 0 ? card.vramBytes() : null,
                    null, null, null, null);
            if (!reading.isKnown()) {
                continue;
            }
            readings.add(withStats(session, reading));
        }
        return readings;
    }

    private static GpuReading withStats(Session session, GpuReading reading) {
        if (session.statsUnavailable) {
            return reading;
        }
        try {
            if (session.stats == null || session.stats.isClosed()) {
                session.stats = session.card.openStats();
            }
            var stats = session.stats;
            return new GpuReading(reading.name(), reading.vendor(), reading.vramTotalBytes(),
                    stats.getVramUsed() >= 0 ? stats.getVramUsed() : null, available(stats.getGpuUtilization()),
                    available(stats.getTemperature()), available(stats.getPowerDraw()));
        } catch (RuntimeException | LinkageError e) {
            // A driver or native library that fails once fails every second: read the card's name and VRAM only.
            session.statsUnavailable = true;
            return reading;
        }
    }

    private static Double available(double value) {
        return value < 0 || Double.isNaN(value) ? null : value;
    }

    @Override
    public synchronized void close() {
        for (var session : sessions) {
            if (session.stats != null) {
                session.stats.close();
            }
        }
    }
}
