package dev.llmdyno.sim;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** The simulator and its configured replicas, each on a port of its own, started and stopped together. */
public final class Fleet implements AutoCloseable {

    /** A replica by its configured name. */
    public record Member(String name, Simulator simulator) {
    }

    private final Simulator main;
    private final List<Member> replicas;

    private Fleet(Simulator main, List<Member> replicas) {
        this.main = main;
        this.replicas = List.copyOf(replicas);
    }

    /**
     * Starts the simulator on {@code port} and every replica of {@code config} on its own; if one cannot start,
     * those already started are stopped again and the failure names the replica.
     */
    public static Fleet start(SimConfig config, InetAddress bind, int port) throws IOException {
        var main = Simulator.start(config.withReplicas(List.of()), bind, port);
        var started = new ArrayList<Member>();
        try {
            for (var replica : config.replicas()) {
                try {
                    started.add(new Member(replica.name(), Simulator.start(config.forReplica(replica), bind, replica.port(),
                            replica.name().hashCode() * 0x9E3779B97F4A7C15L)));
                } catch (BindException e) {
                    var failure = new BindException("replica '" + replica.name() + "' cannot listen on port "
                            + replica.port() + ": " + e.getMessage());
                    failure.initCause(e);
                    throw failure;
                }
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(member -> member.simulator().close());
            main.close();
            throw e;
        }
        return new Fleet(main, started);
    }

    public Simulator main() {
        return main;
    }

    public List<Member> replicas() {
        return replicas;
    }

    public Simulator replica(String name) {
        return replicas.stream().filter(member -> member.name().equals(name)).map(Member::simulator).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no replica named '" + name + "'"));
    }

    @Override
    public void close() {
        replicas.forEach(member -> member.simulator().close());
        main.close();
    }
}
