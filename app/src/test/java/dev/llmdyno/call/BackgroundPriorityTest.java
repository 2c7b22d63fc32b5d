package dev.llmdyno.call;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BackgroundPriorityTest {

    /** The nice value of the calling thread, from the kernel's own record of it. */
    private static int niceOfCurrentThread() throws Exception {
        var stat = Files.readString(Path.of("/proc/thread-self/stat"));
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]); // field 19 of stat; the first two (pid, comm) are cut off
    }

    @Test
    void lowersOnlyTheCallingPlatformThread() throws Exception {
        assumeTrue(BackgroundPriority.supported(), "Linux only");
        int before = niceOfCurrentThread();
        assumeTrue(before < 10, "the tests already run at nice 10 or lower priority");
        var inThread = new CompletableFuture<Integer>();
        Thread.ofPlatform().start(() -> {
            try {
                assertThat(BackgroundPriority.lowerCurrentThread()).isTrue();
                inThread.complete(niceOfCurrentThread());
            } catch (Exception | AssertionError e) {
                inThread.completeExceptionally(e);
            }
        }).join();
        assertThat(inThread.get()).isEqualTo(10);
        assertThat(niceOfCurrentThread()).isEqualTo(before);
    }

    @Test
    void leavesVirtualThreadsAlone() throws Exception {
        var lowered = new CompletableFuture<Boolean>();
        Thread.ofVirtual().start(() -> lowered.complete(BackgroundPriority.lowerCurrentThread())).join();
        assertThat(lowered.get()).isFalse();
    }
}
