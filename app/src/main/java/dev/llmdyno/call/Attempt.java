package dev.llmdyno.call;

/**
 * One try at the call: its number (from 1), the HTTP status (0 if none), its error (null if it succeeded), how
 * long the client waited before it (backoff or the server's retry-after), how long it took, and the target it went
 * to ({@link Route#target()}; null where it was never sent).
 */
public record Attempt(int number, int status, CallError error, double waitedMs, double durationMs, String target) {
}
