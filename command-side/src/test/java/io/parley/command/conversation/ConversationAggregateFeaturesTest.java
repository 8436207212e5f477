package io.parley.command.conversation;

import static org.hamcrest.Matchers.is;

import io.parley.command.Limits;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.error.ErrorCode;
import io.parley.kernel.error.ParleyException;
import io.parley.kernel.message.AddReactionCommand;
import io.parley.kernel.message.EditMessageCommand;
import io.parley.kernel.message.MarkDeliveredCommand;
import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageDeliveredEvent;
import io.parley.kernel.message.MessageEditedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.ReactionAddedEvent;
import io.parley.kernel.message.ReactionRemovedEvent;
import io.parley.kernel.message.RemoveReactionCommand;
import io.parley.kernel.message.SendMessageCommand;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of issue 16: edits, reactions, replies and delivery receipts. */
class ConversationAggregateFeaturesTest {

    private static final String ID = "650000000000000000000001";
    private static final String OTHER = "650000000000000000000009";
    private static final String M1 = "660000000000000000000001";
    private static final String M2 = "660000000000000000000002";
    private static final String M3 = "660000000000000000000003";
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant EARLIER = Instant.parse("2026-11-24T09:00:00Z");

    private FixtureConfiguration<ConversationAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ConversationAggregate.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(new Limits(5, 200, 50, 2));
    }

    private static ConversationCreatedEvent group(String... members) {
        return new ConversationCreatedEvent(ID, members[0], List.of(members), true, "team", EARLIER);
    }

    private static ConversationCreatedEvent direct(String a, String b) {
        return new ConversationCreatedEvent(ID, a, List.of(a, b), false, null, EARLIER);
    }

    private static MessageSentEvent sent(String messageId, long seq, String sender) {
        return new MessageSentEvent(ID, messageId, seq, sender, "hi " + seq, List.of(), null, EARLIER);
    }

    private static Matcher<Throwable> refusal(ErrorCode code) {
        return new FeatureMatcher<>(is(code), "a refusal with code", "code") {
            @Override
            protected ErrorCode featureValueOf(Throwable actual) {
                return actual instanceof ParleyException refusal ? refusal.code() : null;
            }
        };
    }

    private static Matcher<MessageReceipt> changed(boolean changed) {
        return new FeatureMatcher<>(is(changed), "a receipt with changed", "changed") {
            @Override
            protected Boolean featureValueOf(MessageReceipt actual) {
                return actual.changed();
            }
        };
    }

    private static AddReactionCommand react(String userId, String emoji, Map<String, List<String>> known,
            long knownVersion) {
        return new AddReactionCommand(ID, M1, 1, userId, emoji, known, knownVersion);
    }

    // edits

    @Test
    void canEditOwnMessage() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(new EditMessageCommand(ID, M1, 1, "bob", "bob", "  hello again  "))
                .expectEvents(new MessageEditedEvent(ID, M1, 1, "bob", "hello again", NOW))
                .expectResultMessagePayloadMatching(changed(true));
    }

    @Test
    void canEditTheSameMessageTwice() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"),
                        new MessageEditedEvent(ID, M1, 1, "bob", "second", EARLIER))
                .when(new EditMessageCommand(ID, M1, 1, "bob", "bob", "third"))
                .expectEvents(new MessageEditedEvent(ID, M1, 1, "bob", "third", NOW));
    }

    @Test
    void cannotEditSomeoneElsesMessage() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(new EditMessageCommand(ID, M1, 1, "bob", "alice", "mine now"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.FORBIDDEN));
    }

    @Test
    void cannotEditDeletedMessage() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"), new MessageDeletedEvent(ID, M1, 1, "bob", EARLIER))
                .when(new EditMessageCommand(ID, M1, 1, "bob", "bob", "back"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotEditToEmptyOrOverlongContent() {
        for (String content : List.of(" \u200B ", "x".repeat(51))) {
            fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                    .when(new EditMessageCommand(ID, M1, 1, "bob", "bob", content))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.VALIDATION_FAILED));
        }
    }

    @Test
    void cannotEditAsNonMember() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(new EditMessageCommand(ID, M1, 1, "bob", "mallory", "x"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    // reactions

    @Test
    void canReactToAMessage() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(react("alice", "\uD83D\uDC4D", Map.of(), 1))
                .expectEvents(new ReactionAddedEvent(ID, M1, 1, "alice", "\uD83D\uDC4D", NOW))
                .expectResultMessagePayloadMatching(changed(true));
    }

    @Test
    void canReactWithTheSameEmojiAsSomeoneElse() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(react("bob", ":tada:", Map.of(":tada:", List.of("alice")), 1))
                .expectEvents(new ReactionAddedEvent(ID, M1, 1, "bob", ":tada:", NOW));
    }

    @Test
    void canReactAgainWithoutSecondEventFromTheReadModelsCopy() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(react("alice", ":tada:", Map.of(":tada:", List.of("alice")), 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayloadMatching(changed(false));
    }

    /** The read model has not applied the first reaction yet; the conversation's recent changes know it. */
    @Test
    void canReactAgainWithoutSecondEventBeforeTheReadModelCaughtUp() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"),
                        new ReactionAddedEvent(ID, M1, 1, "alice", ":tada:", EARLIER))
                .when(react("alice", ":tada:", Map.of(), 1))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(changed(false));
    }

    @Test
    void canTakeBackAReaction() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"),
                        new ReactionAddedEvent(ID, M1, 1, "alice", ":tada:", EARLIER))
                .when(new RemoveReactionCommand(ID, M1, 1, "alice", ":tada:", Map.of(), 1))
                .expectEvents(new ReactionRemovedEvent(ID, M1, 1, "alice", ":tada:", NOW));
    }

    @Test
    void canTakeBackAReactionNotThereWithoutEvent() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"),
                        new ReactionAddedEvent(ID, M1, 1, "alice", ":tada:", EARLIER),
                        new ReactionRemovedEvent(ID, M1, 1, "alice", ":tada:", EARLIER))
                // the read model's copy still shows the reaction: the removal after it is the conversation's
                .when(new RemoveReactionCommand(ID, M1, 1, "alice", ":tada:", Map.of(":tada:", List.of("alice")), 2))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(changed(false));
    }

    @Test
    void canAddTheTwentiethEmojiButNotTheTwentyFirst() {
        Map<String, List<String>> nineteen = emoji(19);
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(react("alice", ":e19:", nineteen, 1))
                .expectEvents(new ReactionAddedEvent(ID, M1, 1, "alice", ":e19:", NOW));
        Map<String, List<String>> twenty = emoji(20);
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(react("alice", ":e20:", twenty, 1))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void canAddAnExistingEmojiToAMessageWithTwentyAlready() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(react("alice", ":e0:", emoji(20), 1))
                .expectEvents(new ReactionAddedEvent(ID, M1, 1, "alice", ":e0:", NOW));
    }

    /** Nineteen in the read model and one more the conversation applied since: the twenty-first is refused. */
    @Test
    void cannotPassTheEmojiLimitWithReactionsTheReadModelHasNotSeen() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"),
                        new ReactionAddedEvent(ID, M1, 1, "bob", ":late:", EARLIER))
                .when(react("alice", ":new:", emoji(19), 1))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotJudgeReactionsFromACopyOlderThanTheChangesKept() {
        List<Object> history = new ArrayList<>(List.of(direct("alice", "bob"), sent(M1, 1, "bob"), sent(M2, 2, "bob")));
        for (int i = 0; i <= ConversationAggregate.RECENT_REACTION_CHANGES; i++) {
            history.add(new ReactionAddedEvent(ID, M2, 2, "alice", ":e" + i + ":", EARLIER));
        }
        fixture.given(history)
                .when(react("alice", ":tada:", Map.of(), 2))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.RATE_LIMITED));
    }

    @Test
    void cannotReactToADeletedMessage() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"), new MessageDeletedEvent(ID, M1, 1, "bob", EARLIER))
                .when(react("alice", ":tada:", Map.of(), 2))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotTakeBackAReactionOnADeletedMessage() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"),
                        new ReactionAddedEvent(ID, M1, 1, "alice", ":tada:", EARLIER),
                        new MessageDeletedEvent(ID, M1, 1, "bob", EARLIER))
                .when(new RemoveReactionCommand(ID, M1, 1, "alice", ":tada:", Map.of(), 3))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotReactWithWhitespaceOrOverlongEmoji() {
        for (String bad : List.of("", "a b", "x".repeat(65), "\t")) {
            fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                    .when(react("alice", bad, Map.of(), 1))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.VALIDATION_FAILED));
        }
    }

    @Test
    void cannotReactToAMessageFromBeforeJoining() {
        fixture.given(group("alice", "bob"), sent(M1, 1, "bob"),
                        new ParticipantAddedEvent(ID, "carol", "alice", EARLIER))
                .when(react("carol", ":tada:", Map.of(), 2))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void cannotReactAsNonMember() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(react("mallory", ":tada:", Map.of(), 1))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    // replies

    @Test
    void canReplyToAMessageOfTheConversation() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(new SendMessageCommand(ID, M2, "alice", "yes", List.of(), null, M1, ID, 1))
                .expectEvents(new MessageSentEvent(ID, M2, 2, "alice", "yes", List.of(), null, NOW, M1));
    }

    @Test
    void canReplyToADeletedMessage() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"), new MessageDeletedEvent(ID, M1, 1, "bob", EARLIER))
                .when(new SendMessageCommand(ID, M2, "alice", "what was it?", List.of(), null, M1, ID, 1))
                .expectEvents(new MessageSentEvent(ID, M2, 2, "alice", "what was it?", List.of(), null, NOW, M1));
    }

    @Test
    void cannotReplyToAMessageOfAnotherConversation() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(new SendMessageCommand(ID, M2, "alice", "yes", List.of(), null, M1, OTHER, 1))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotReplyToAMessageThatDoesNotExist() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(new SendMessageCommand(ID, M2, "alice", "yes", List.of(), null, M3, null, 0))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotReplyToAMessageFromBeforeJoining() {
        fixture.given(group("alice", "bob"), sent(M1, 1, "bob"),
                        new ParticipantAddedEvent(ID, "carol", "alice", EARLIER))
                .when(new SendMessageCommand(ID, M2, "carol", "what?", List.of(), null, M1, ID, 1))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    // delivery receipts

    @Test
    void canMarkDeliveredUpToAMessage() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"), sent(M2, 2, "bob"))
                .when(new MarkDeliveredCommand(ID, M2, 2, "alice"))
                .expectEvents(new MessageDeliveredEvent(ID, M2, 2, "alice", NOW))
                .expectResultMessagePayloadMatching(changed(true));
    }

    @Test
    void cannotMoveDeliveryMarkerBack() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"), sent(M2, 2, "bob"),
                        new MessageDeliveredEvent(ID, M2, 2, "alice", EARLIER))
                .when(new MarkDeliveredCommand(ID, M1, 1, "alice"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayloadMatching(changed(false));
    }

    @Test
    void canMarkDeliveredWithoutEventWhatWasReadAlready() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"), sent(M2, 2, "bob"),
                        new MessageReadEvent(ID, M2, 2, "alice", EARLIER))
                .when(new MarkDeliveredCommand(ID, M2, 2, "alice"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(changed(false));
    }

    @Test
    void canMarkDeliveredPastTheReadMarker() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"), sent(M2, 2, "bob"),
                        new MessageReadEvent(ID, M1, 1, "alice", EARLIER))
                .when(new MarkDeliveredCommand(ID, M2, 2, "alice"))
                .expectEvents(new MessageDeliveredEvent(ID, M2, 2, "alice", NOW));
    }

    @Test
    void cannotMarkDeliveredAMessageFromBeforeJoining() {
        fixture.given(group("alice", "bob"), sent(M1, 1, "bob"),
                        new ParticipantAddedEvent(ID, "carol", "alice", EARLIER), sent(M2, 2, "bob"))
                .when(new MarkDeliveredCommand(ID, M1, 1, "carol"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void cannotMarkDeliveredAsNonMember() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob"))
                .when(new MarkDeliveredCommand(ID, M1, 1, "mallory"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    private static Map<String, List<String>> emoji(int count) {
        Map<String, List<String>> reactions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            reactions.put(":e" + i + ":", List.of("bob"));
        }
        return reactions;
    }
}
