package dev.llmdyno.call;

/**
 * One try at the call: its number (from 1), the HTTP status (0 if none), its error (null if it succeeded), how
 * long the client waited before it (backoff or the server's retry-after), and how long it took.
 */
public record Attempt(int number, int status, CallError error, double waitedMs, double durationMs) {
}
