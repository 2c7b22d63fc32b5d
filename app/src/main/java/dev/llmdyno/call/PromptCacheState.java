package dev.llmdyno.call;

import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Profile;

/**
 * What one measured call does to start from the prompt-cache state its profile asks for
 * ({@code levers.promptCache.prepare}): an unmeasured priming call first, or a fresh prefix. An experiment does the
 * same per variant and run ({@code ExperimentRun}), where flush and miss differ.
 */
public final class PromptCacheState {

    private PromptCacheState() {
    }

    /** Whether an unmeasured call should go first, so the measured one reads the cache. */
    public static boolean needsPrimer(Profile profile) {
        return profile.levers().promptCache().prepare() == Levers.CacheState.PRIME;
    }

    /** The priming call's options: silent, and kept out of the response cache, which would answer the measured call. */
    public static CallOptions primerOptions(CallOptions measured) {
        return new CallOptions(measured.variables(), 0, CallListener.NONE, new CallOptions.CacheUse(false, false), null);
    }

    /** The measured call's options: for one call, flush and miss both mean a prefix that no cache holds. */
    public static CallOptions measuredOptions(Profile profile, CallOptions options) {
        return switch (profile.levers().promptCache().prepare()) {
            case FLUSH, MISS -> options.withFreshPrefix(FreshPrefix.next());
            case AS_IS, PRIME -> options;
        };
    }
}
