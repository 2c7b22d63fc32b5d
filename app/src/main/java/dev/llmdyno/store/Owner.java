package dev.llmdyno.store;

/**
 * Which process runs an experiment: its pid and start time, so a reused pid is not taken for the same process.
 * An experiment whose owner is gone was interrupted.
 */
final class Owner {

    private Owner() {
    }

    static String current() {
        var self = ProcessHandle.current();
        return self.pid() + "@" + self.info().startInstant().map(Object::toString).orElse("?");
    }

    static boolean isAlive(String owner) {
        if (owner == null || !owner.contains("@")) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(owner.substring(0, owner.indexOf('@')));
        } catch (NumberFormatException e) {
            return false;
        }
        var started = owner.substring(owner.indexOf('@') + 1);
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(handle -> handle.info().startInstant().map(Object::toString).orElse("?").equals(started))
                .orElse(false);
    }
}
