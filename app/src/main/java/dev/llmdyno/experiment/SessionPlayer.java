package dev.llmdyno.experiment;

import dev.llmdyno.call.CallResult;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.Profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays one session of a conversation run (docs/conversations.md): each user turn sent with the history the
 * variant's context strategy keeps, the model's real answer appended to it, then the think time before the next
 * turn. Under {@code summarise}, a summary call (made with {@code summaryModel}, timed and priced as its own sample)
 * goes before the turn whenever older exchanges are to be folded into the summary; the summary then stands in the
 * system prompt until it is made again. Under {@code server}, a turn sends only the user's new text and names the
 * response it continues, and the provider adds the history. A turn that fails ends the session: the next turn would
 * have no answer to follow.
 */
final class SessionPlayer {

    /** The run's side of a session: admission, sending and recording, and its clock. */
    interface Run {
        /** Whether the call may be sent (no stop, within the limits and the budget for its worst case). */
        boolean admit(Trial trial, Profile profile, Map<String, String> variables);

        /**
         * Sends the call planned at {@code plannedNanos}, continuing the provider's response
         * {@code previousResponseId} (null: none), records its sample and returns its result (null: none).
         */
        CallResult send(Trial trial, Profile profile, Map<String, String> variables, String previousResponseId,
                        long plannedNanos);

        long nanoTime();

        void sleepUntil(long nanos);
    }

    /** What a summary is asked for; the answer is capped at {@link #SUMMARY_MAX_TOKENS}. */
    static final String SUMMARY_INSTRUCTION = "Summarise the conversation below in at most 100 words. Keep every fact, "
            + "number, name and decision the user gave or was given; leave out greetings and repetition.";
    static final int SUMMARY_MAX_TOKENS = 200;

    private final Run run;
    private final Profile profile;
    private final Levers.Context context;
    private final Conversation conversation;
    private final long thinkNanos;
    private final int summaryOffset;
    private final List<ContextKeeper.Exchange> history = new ArrayList<>();
    private String summary;
    private int summarised;
    /** The provider's id of the last answer, which the next turn continues under {@code strategy: server}. */
    private String lastResponseId;

    /**
     * A session of {@code conversation} with {@code profile} (its variant's); a turn's summary call is filed under the
     * turn's index plus {@code summaryOffset}.
     */
    SessionPlayer(Run run, Profile profile, Conversation conversation, long thinkNanos, int summaryOffset) {
        this.run = run;
        this.profile = profile;
        this.context = profile.levers().context();
        this.conversation = conversation;
        this.thinkNanos = thinkNanos;
        this.summaryOffset = summaryOffset;
    }

    /** Returned by {@link #play} when the run refused a call, which ends the caller's work. */
    static final int REFUSED = -1;

    /**
     * Plays {@code turns} (this session's, in order), the first planned at {@code plannedNanos}; returns how many
     * turns it sent (fewer than all when one failed), or {@link #REFUSED}.
     */
    int play(List<Trial> turns, long plannedNanos) {
        long planned = plannedNanos;
        int sent = 0;
        for (var trial : turns) {
            run.sleepUntil(planned); // the think time after the last answer
            var user = conversation.turns().get(trial.turn()).user();
            int foldTo = ContextKeeper.summariseUpTo(context, history.size(), summarised);
            if (foldTo > summarised) {
                if (!summarise(trial.summaryCall(trial.index() + summaryOffset), foldTo, planned)) {
                    return REFUSED;
                }
                planned = run.nanoTime();
            }
            var variables = new HashMap<String, String>();
            var turnProfile = turnProfile(user, variables);
            if (!run.admit(trial, turnProfile, variables)) {
                return REFUSED;
            }
            var result = run.send(trial, turnProfile, variables, lastResponseId, planned);
            sent++;
            if (result == null || !result.ok()) {
                return sent;
            }
            lastResponseId = result.responseId();
            history.add(new ContextKeeper.Exchange(user, result.text()));
            planned = run.nanoTime() + thinkNanos;
        }
        return sent;
    }

    /**
     * Folds the exchanges up to {@code foldTo} into the summary with one call; when it fails, the exchanges stay
     * verbatim and the next turn tries again. False when the run refused the call.
     */
    private boolean summarise(Trial trial, int foldTo, long planned) {
        var transcript = new StringBuilder();
        if (summary != null) {
            transcript.append("Summary so far: ").append(summary).append("\n\n");
        }
        for (var exchange : history.subList(summarised, foldTo)) {
            transcript.append("User: ").append(exchange.user()).append("\nAssistant: ").append(exchange.assistant())
                    .append("\n\n");
        }
        var variables = new HashMap<String, String>();
        var text = LiteralText.put("transcript", transcript.toString().strip(), variables);
        var model = context.summaryModel() == null ? profile.model() : context.summaryModel();
        var summaryProfile = profile.withModel(model)
                .withParams(profile.params().withMaxTokens(Math.min(SUMMARY_MAX_TOKENS, profile.params().maxTokens())))
                .withLevers(profile.levers().withContext(Levers.Context.NONE))
                .withPrompt(profile.prompt().withSystem(SUMMARY_INSTRUCTION).withMessages(List.of(
                        new Message(Message.Role.USER, text))));
        if (!run.admit(trial, summaryProfile, variables)) {
            return false;
        }
        var result = run.send(trial, summaryProfile, variables, null, planned);
        if (result != null && result.ok()) {
            summary = result.text();
            summarised = foldTo;
        }
        return true;
    }

    /** The turn's profile: the system prompt (with the summary), the kept exchanges and the user's new turn. */
    private Profile turnProfile(String user, Map<String, String> variables) {
        var system = conversation.system() != null ? LiteralText.put("system", conversation.system(), variables)
                : profile.prompt().system();
        if (summary != null && context.strategyOrDefault() == Levers.ContextStrategy.SUMMARISE) {
            var summaryLine = "Summary of the conversation so far: " + LiteralText.put("summary", summary, variables);
            system = system == null || system.isBlank() ? summaryLine : system + "\n\n" + summaryLine;
        }
        var messages = new ArrayList<Message>();
        var kept = ContextKeeper.keep(context, history, summarised, user);
        for (int i = 0; i < kept.size(); i++) {
            messages.add(new Message(Message.Role.USER, LiteralText.put("u" + i, kept.get(i).user(), variables)));
            messages.add(new Message(Message.Role.ASSISTANT,
                    LiteralText.put("a" + i, kept.get(i).assistant(), variables)));
        }
        messages.add(new Message(Message.Role.USER, LiteralText.put("now", user, variables)));
        return profile.withPrompt(profile.prompt().withSystem(system).withMessages(messages));
    }
}
