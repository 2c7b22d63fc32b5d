package dev.llmdyno.call;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Lowers the calling thread's scheduling priority (nice 10) on Linux, where each Java platform thread is a task the
 * kernel schedules on its own. An experiment runs hundreds of call threads; at equal priority they crowd out the
 * window's event and render threads, and the desktop stops drawing. At nice 10 they still get all the processor
 * time nobody else wants. Java's own thread priorities are ignored by the JVM on Linux, hence the system call.
 * Elsewhere, or where the C library cannot be reached, this does nothing.
 */
final class BackgroundPriority {

    private static final int NICE = 10;
    private static final int PRIO_PROCESS = 0; // with a thread id, Linux applies it to that thread alone
    private static final MethodHandle GETTID;
    private static final MethodHandle SETPRIORITY;

    static {
        MethodHandle gettid = null;
        MethodHandle setpriority = null;
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            try {
                var linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                gettid = libc.find("gettid")
                        .map(address -> linker.downcallHandle(address, FunctionDescriptor.of(JAVA_INT))).orElse(null);
                setpriority = libc.find("setpriority").map(address -> linker.downcallHandle(address,
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT))).orElse(null);
            } catch (RuntimeException | LinkageError e) {
                gettid = null; // native access refused: run at normal priority
            }
        }
        GETTID = gettid;
        SETPRIORITY = setpriority;
    }

    private BackgroundPriority() {
    }

    /** Whether this platform lowers thread priorities. */
    static boolean supported() {
        return GETTID != null && SETPRIORITY != null;
    }

    /** Lowers the current platform thread's priority; true if it was lowered. */
    static boolean lowerCurrentThread() {
        if (!supported() || Thread.currentThread().isVirtual()) {
            return false;
        }
        try {
            int tid = (int) GETTID.invokeExact();
            return (int) SETPRIORITY.invokeExact(PRIO_PROCESS, tid, NICE) == 0;
        } catch (Throwable e) {
            return false;
        }
    }
}
