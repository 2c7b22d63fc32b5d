package dev.llmdyno.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Events are put together byte by byte; what a client parses must be exactly the text that was meant. */
class SseStreamTest {

    private static final byte[] HEAD = "{\"text\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "}".getBytes(StandardCharsets.US_ASCII);

    private static String sent(String text, int from, int to) throws Exception {
        var out = new ByteArrayOutputStream();
        new SseStream(out, false).event("delta", HEAD, text, from, to, TAIL);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void piecesOfTextArriveAsTheSameTextInValidJson() throws Exception {
        var mapper = new ObjectMapper();
        for (var text : new String[]{"plain", " with \"quotes\" and \\ backslash", "line\nbreak\r\ttab\u0001\u001f",
                "caf\u00e9 \u00fcber \u4e2d\u6587", "emoji \ud83d\ude80 and \u2028", ""}) {
            var event = sent(text, 0, text.length());
            assertThat(event).startsWith("event: delta\ndata: ").endsWith("\n\n");
            var data = event.substring("event: delta\ndata: ".length(), event.length() - 2);
            assertThat(data).doesNotContain("\n");
            assertThat(mapper.readTree(data).get("text").asText()).isEqualTo(text);
        }
    }

    @Test
    void aRangeSendsOnlyThatPieceAndALoneSurrogateBecomesTheReplacementCharacter() throws Exception {
        var mapper = new ObjectMapper();
        var data = sent("abcdef", 2, 4).split("data: ")[1].strip();
        assertThat(mapper.readTree(data).get("text").asText()).isEqualTo("cd");
        var broken = sent("a\ud83d", 0, 2).split("data: ")[1].strip();
        assertThat(mapper.readTree(broken).get("text").asText()).isEqualTo("a\ufffd");
    }

    @Test
    void traceModeStampsEachEventWithItsSendTime() throws Exception {
        var out = new ByteArrayOutputStream();
        long before = System.nanoTime();
        new SseStream(out, true).event(null, "[DONE]");
        var lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).startsWith(": sent_ns=");
        assertThat(Long.parseLong(lines[0].substring(": sent_ns=".length()))).isGreaterThanOrEqualTo(before);
        assertThat(lines[1]).isEqualTo("data: [DONE]");
    }
}
