package dev.llmdyno.sim;

import java.io.IOException;

/** Sends one answer in a wire protocol's shape, streamed event by event or as one body at the end. */
interface AnswerWriter {

    /** Response headers are out; protocols that announce the message (role chunk, message_start) do so here. */
    void begin(Plan plan) throws IOException;

    /** Sends the reasoning's piece {@code index}. */
    void reasoning(Chunks reasoning, int index) throws IOException;

    /** Sends the answer's piece {@code index}. */
    void content(Chunks content, int index) throws IOException;

    void malformed() throws IOException;

    void end(Plan plan) throws IOException;
}
