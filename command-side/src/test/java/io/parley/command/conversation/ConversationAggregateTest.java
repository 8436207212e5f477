package io.parley.command.conversation;

import static org.hamcrest.Matchers.is;

import io.parley.command.Limits;
import io.parley.kernel.conversation.AddParticipantCommand;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.CreateGroupCommand;
import io.parley.kernel.conversation.DeleteConversationCommand;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.kernel.conversation.RemoveParticipantCommand;
import io.parley.kernel.conversation.StartDirectConversationCommand;
import io.parley.kernel.error.ErrorCode;
import io.parley.kernel.error.ParleyException;
import io.parley.kernel.message.DeleteMessageCommand;
import io.parley.kernel.message.MarkReadCommand;
import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.SendMessageCommand;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationAggregateTest {

    private static final String ID = "650000000000000000000001";
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

    private static Matcher<Throwable> refusal(ErrorCode code) {
        return new FeatureMatcher<>(is(code), "a refusal with code", "code") {
            @Override
            protected ErrorCode featureValueOf(Throwable actual) {
                return actual instanceof ParleyException refusal ? refusal.code() : null;
            }
        };
    }

    private static Matcher<ConversationState> changed(boolean changed) {
        return new FeatureMatcher<>(is(changed), "a state with changed", "changed") {
            @Override
            protected Boolean featureValueOf(ConversationState actual) {
                return actual.changed();
            }
        };
    }

    private static Matcher<ConversationState> version(long version) {
        return new FeatureMatcher<>(is(version), "a state with version", "version") {
            @Override
            protected Long featureValueOf(ConversationState actual) {
                return actual.version();
            }
        };
    }

    // creating groups

    @Test
    void canCreateGroupWithCreatorFirst() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, "alice", List.of("bob", "alice", "carol"), "  team  "))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob", "carol"), true, "team", NOW));
    }

    @Test
    void canCreateGroupWithoutName() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, "alice", List.of("bob"), null))
                .expectEvents(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, null, NOW));
    }

    @Test
    void cannotCreateGroupWithoutOtherParticipants() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, "alice", List.of("alice"), "solo"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotCreateGroupWithDuplicateParticipants() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, "alice", List.of("bob", "bob"), "team"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotCreateGroupWithInvalidUserId() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, "alice", List.of("bob smith"), "team"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotCreateGroupOverTheParticipantLimit() {
        List<String> others = IntStream.range(0, 5).mapToObj(i -> "user" + i).toList();
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, "alice", others, "crowd"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotCreateGroupWithBlankName() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, "alice", List.of("bob"), "   "))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotCreateGroupWithInvisibleName() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, "alice", List.of("bob"), "\u200B\u3000"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void canCreateGroupWithNameOf200Emoji() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, "alice", List.of("bob"), "\uD83C\uDF89".repeat(200)))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void cannotCreateGroupWithNameOver200Characters() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, "alice", List.of("bob"), "x".repeat(201)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    // one-to-one

    @Test
    void canStartDirectConversation() {
        fixture.givenNoPriorActivity()
                .when(new StartDirectConversationCommand(ID, "alice", "bob"))
                .expectEvents(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), false, null, NOW))
                .expectResultMessagePayloadMatching(changed(true));
    }

    @Test
    void canStartExistingDirectConversationAgainWithoutTwin() {
        fixture.given(direct("alice", "bob"))
                .when(new StartDirectConversationCommand(ID, "bob", "alice"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(changed(false));
    }

    @Test
    void cannotStartDirectConversationWithOneself() {
        fixture.givenNoPriorActivity()
                .when(new StartDirectConversationCommand(ID, "alice", "alice"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotRestartDeletedDirectConversation() {
        fixture.given(direct("alice", "bob"), new ConversationDeletedEvent(ID, "bob", EARLIER))
                .when(new StartDirectConversationCommand(ID, "alice", "bob"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.CONVERSATION_DELETED));
    }

    // adding members

    @Test
    void canAddParticipantToGroup() {
        fixture.given(group("alice", "bob"))
                .when(new AddParticipantCommand(ID, "bob", "carol"))
                .expectEvents(new ParticipantAddedEvent(ID, "carol", "bob", NOW));
    }

    @Test
    void canAddExistingParticipantWithoutChange() {
        fixture.given(group("alice", "bob"))
                .when(new AddParticipantCommand(ID, "alice", "bob"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void cannotAddParticipantToDirectConversation() {
        fixture.given(direct("alice", "bob"))
                .when(new AddParticipantCommand(ID, "alice", "carol"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_A_GROUP));
    }

    @Test
    void cannotAddParticipantAsNonMember() {
        fixture.given(group("alice", "bob"))
                .when(new AddParticipantCommand(ID, "mallory", "mallory"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void cannotAddParticipantToDeletedGroup() {
        fixture.given(group("alice", "bob"), new ConversationDeletedEvent(ID, "alice", EARLIER))
                .when(new AddParticipantCommand(ID, "bob", "carol"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.CONVERSATION_DELETED));
    }

    @Test
    void cannotAddParticipantBeyondTheLimit() {
        fixture.given(group("alice", "u1", "u2", "u3", "u4"))
                .when(new AddParticipantCommand(ID, "alice", "u5"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotAddInvalidUserId() {
        fixture.given(group("alice", "bob"))
                .when(new AddParticipantCommand(ID, "alice", "not valid!"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    // removing members

    @Test
    void canLeaveGroup() {
        fixture.given(group("alice", "bob", "carol"))
                .when(new RemoveParticipantCommand(ID, "bob", "bob"))
                .expectEvents(new ParticipantRemovedEvent(ID, "bob", "bob", NOW));
    }

    @Test
    void canRemoveOthersAsCreator() {
        fixture.given(group("alice", "bob", "carol"))
                .when(new RemoveParticipantCommand(ID, "alice", "carol"))
                .expectEvents(new ParticipantRemovedEvent(ID, "carol", "alice", NOW));
    }

    @Test
    void cannotRemoveOthersUnlessCreator() {
        fixture.given(group("alice", "bob", "carol"))
                .when(new RemoveParticipantCommand(ID, "bob", "carol"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.FORBIDDEN));
    }

    @Test
    void cannotRemoveNonParticipant() {
        fixture.given(group("alice", "bob"))
                .when(new RemoveParticipantCommand(ID, "alice", "zed"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void cannotActAfterBeingRemoved() {
        fixture.given(group("alice", "bob", "carol"), new ParticipantRemovedEvent(ID, "bob", "alice", EARLIER))
                .when(new AddParticipantCommand(ID, "bob", "dave"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void cannotRemoveFromDirectConversation() {
        fixture.given(direct("alice", "bob"))
                .when(new RemoveParticipantCommand(ID, "alice", "bob"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_A_GROUP));
    }

    // deleting

    @Test
    void canDeleteDirectConversationAsEitherParticipant() {
        fixture.given(direct("alice", "bob"))
                .when(new DeleteConversationCommand(ID, "bob"))
                .expectEvents(new ConversationDeletedEvent(ID, "bob", NOW));
    }

    @Test
    void canDeleteGroupAsCreator() {
        fixture.given(group("alice", "bob"))
                .when(new DeleteConversationCommand(ID, "alice"))
                .expectEvents(new ConversationDeletedEvent(ID, "alice", NOW));
    }

    @Test
    void cannotDeleteGroupUnlessCreator() {
        fixture.given(group("alice", "bob"))
                .when(new DeleteConversationCommand(ID, "bob"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.FORBIDDEN));
    }

    @Test
    void cannotDeleteAsNonMember() {
        fixture.given(direct("alice", "bob"))
                .when(new DeleteConversationCommand(ID, "mallory"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void cannotDeleteTwice() {
        fixture.given(direct("alice", "bob"), new ConversationDeletedEvent(ID, "alice", EARLIER))
                .when(new DeleteConversationCommand(ID, "bob"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.CONVERSATION_DELETED));
    }

    @Test
    void canReportVersionAsLastEventSequence() {
        List<Object> history = new ArrayList<>(List.of(group("alice", "bob")));
        history.add(new ParticipantAddedEvent(ID, "carol", "alice", EARLIER));
        fixture.given(history)
                .when(new AddParticipantCommand(ID, "alice", "dave"))
                .expectResultMessagePayloadMatching(version(2L));
    }

    // messages

    private static final String M1 = "660000000000000000000001";
    private static final String M2 = "660000000000000000000002";
    private static final String M3 = "660000000000000000000003";

    private static MessageSentEvent sent(String messageId, long seq, String sender, String clientMessageId) {
        return new MessageSentEvent(ID, messageId, seq, sender, "hi " + seq, List.of(), clientMessageId, EARLIER);
    }

    private static Matcher<MessageReceipt> receipt(String messageId, long seq, boolean changed) {
        return new FeatureMatcher<>(is(messageId + "#" + seq + "#" + changed), "a receipt", "receipt") {
            @Override
            protected String featureValueOf(MessageReceipt actual) {
                return actual.messageId() + "#" + actual.seq() + "#" + actual.changed();
            }
        };
    }

    private static Matcher<MessageReceipt> receiptAt(Instant at) {
        return new FeatureMatcher<MessageReceipt, Instant>(is(at), "a receipt at", "at") {
            @Override
            protected Instant featureValueOf(MessageReceipt actual) {
                return actual.at();
            }
        };
    }

    @Test
    void canSendMessageNumberedAfterTheLast() {
        fixture.given(group("alice", "bob"), sent(M1, 1, "bob", null))
                .when(new SendMessageCommand(ID, M2, "alice", "  hello  ", List.of(), "c-1"))
                .expectEvents(new MessageSentEvent(ID, M2, 2, "alice", "hello", List.of(), "c-1", NOW))
                .expectResultMessagePayloadMatching(receipt(M2, 2, true));
    }

    @Test
    void canSendAttachmentsWithoutContent() {
        fixture.given(direct("alice", "bob"))
                .when(new SendMessageCommand(ID, M1, "bob", "", List.of("a1", "a2"), null))
                .expectEvents(new MessageSentEvent(ID, M1, 1, "bob", "", List.of("a1", "a2"), null, NOW));
    }

    @Test
    void canRetryWithTheSameClientMessageIdWithoutTwin() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "alice", "c-1"), sent(M2, 2, "bob", null))
                .when(new SendMessageCommand(ID, M3, "alice", "hi 1", List.of(), "c-1"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(receipt(M1, 1, false));
    }

    @Test
    void canUseAnotherSendersClientMessageId() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "alice", "c-1"))
                .when(new SendMessageCommand(ID, M2, "bob", "mine", List.of(), "c-1"))
                .expectEvents(new MessageSentEvent(ID, M2, 2, "bob", "mine", List.of(), "c-1", NOW));
    }

    @Test
    void cannotSendAsNonMember() {
        fixture.given(direct("alice", "bob"))
                .when(new SendMessageCommand(ID, M1, "mallory", "hi", List.of(), null))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void cannotSendAfterBeingRemoved() {
        fixture.given(group("alice", "bob"), new ParticipantRemovedEvent(ID, "bob", "alice", EARLIER))
                .when(new SendMessageCommand(ID, M1, "bob", "hi", List.of(), null))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void cannotSendToDeletedConversation() {
        fixture.given(direct("alice", "bob"), new ConversationDeletedEvent(ID, "alice", EARLIER))
                .when(new SendMessageCommand(ID, M1, "bob", "hi", List.of(), null))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.CONVERSATION_DELETED));
    }

    @Test
    void cannotSendBlankContentWithoutAttachments() {
        fixture.given(direct("alice", "bob"))
                .when(new SendMessageCommand(ID, M1, "bob", " \n\t ", List.of(), null))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotSendOnlyInvisibleCharacters() {
        // zero-width space, joiner and no-break, ideographic and no-break spaces, a Hangul filler
        for (String invisible : List.of("\u200B\u200D\uFEFF", "\u3000\u3000", "\u00A0\u2060", "\u3164")) {
            fixture.given(direct("alice", "bob"))
                    .when(new SendMessageCommand(ID, M1, "bob", invisible, List.of(), null))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.VALIDATION_FAILED));
        }
    }

    @Test
    void canSendInvisibleContentWithAttachmentsAsNoContent() {
        fixture.given(direct("alice", "bob"))
                .when(new SendMessageCommand(ID, M1, "bob", "\u200B\u3000", List.of("a1"), null))
                .expectEvents(new MessageSentEvent(ID, M1, 1, "bob", "", List.of("a1"), null, NOW));
    }

    @Test
    void canSendContentUpToTheLimitCountedInCodePoints() {
        String emoji = "\uD83D\uDE00".repeat(50);   // 50 code points, 100 UTF-16 units
        fixture.given(direct("alice", "bob"))
                .when(new SendMessageCommand(ID, M1, "bob", "\u3000" + emoji + "\u3000", List.of(), null))
                .expectEvents(new MessageSentEvent(ID, M1, 1, "bob", emoji, List.of(), null, NOW));
    }

    @Test
    void cannotSendEmojiOverTheLimitCountedInCodePoints() {
        fixture.given(direct("alice", "bob"))
                .when(new SendMessageCommand(ID, M1, "bob", "\uD83D\uDE00".repeat(51), List.of(), null))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotSendContentOverTheLimit() {
        fixture.given(direct("alice", "bob"))
                .when(new SendMessageCommand(ID, M1, "bob", "x".repeat(51), List.of(), null))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotSendMoreAttachmentsThanTheLimit() {
        fixture.given(direct("alice", "bob"))
                .when(new SendMessageCommand(ID, M1, "bob", "x", List.of("a1", "a2", "a3"), null))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void cannotSendTheSameAttachmentTwice() {
        fixture.given(direct("alice", "bob"))
                .when(new SendMessageCommand(ID, M1, "bob", "x", List.of("a1", "a1"), null))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void canDeleteOwnMessage() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null))
                .when(new DeleteMessageCommand(ID, M1, 1, "bob", "bob"))
                .expectEvents(new MessageDeletedEvent(ID, M1, 1, "bob", NOW));
    }

    /** The endpoint's copy of the message may not show the deletion yet; the conversation's own state decides. */
    @Test
    void canDeleteAgainWithoutSecondDeletion() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null), new MessageDeletedEvent(ID, M1, 1, "bob", EARLIER))
                .when(new DeleteMessageCommand(ID, M1, 1, "bob", "bob"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayloadMatching(receipt(M1, 1, false));
    }

    @Test
    void canAnswerARepeatedDeleteWithTheFirstDeletionTime() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null), sent(M2, 2, "bob", null),
                        new MessageDeletedEvent(ID, M1, 1, "bob", EARLIER))
                .when(new DeleteMessageCommand(ID, M1, 1, "bob", "bob"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(receiptAt(EARLIER));
    }

    @Test
    void canDeleteAnotherMessageAfterOneWasDeleted() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null), sent(M2, 2, "bob", null),
                        new MessageDeletedEvent(ID, M1, 1, "bob", EARLIER))
                .when(new DeleteMessageCommand(ID, M2, 2, "bob", "bob"))
                .expectEvents(new MessageDeletedEvent(ID, M2, 2, "bob", NOW));
    }

    @Test
    void cannotDeleteSomeoneElsesMessageEvenWhenDeleted() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null), new MessageDeletedEvent(ID, M1, 1, "bob", EARLIER))
                .when(new DeleteMessageCommand(ID, M1, 1, "bob", "alice"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.FORBIDDEN));
    }

    @Test
    void cannotDeleteSomeoneElsesMessage() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null))
                .when(new DeleteMessageCommand(ID, M1, 1, "bob", "alice"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.FORBIDDEN));
    }

    @Test
    void cannotDeleteMessageThatDoesNotExist() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null))
                .when(new DeleteMessageCommand(ID, M2, 2, "bob", "bob"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void cannotDeleteInDeletedConversation() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null), new ConversationDeletedEvent(ID, "alice", EARLIER))
                .when(new DeleteMessageCommand(ID, M1, 1, "bob", "bob"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.CONVERSATION_DELETED));
    }

    @Test
    void canMarkReadUpToAMessage() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null), sent(M2, 2, "bob", null))
                .when(new MarkReadCommand(ID, M2, 2, "alice"))
                .expectEvents(new MessageReadEvent(ID, M2, 2, "alice", NOW))
                .expectResultMessagePayloadMatching(receipt(M2, 2, true));
    }

    @Test
    void cannotMoveReadMarkerBack() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null), sent(M2, 2, "bob", null),
                        new MessageReadEvent(ID, M2, 2, "alice", EARLIER))
                .when(new MarkReadCommand(ID, M1, 1, "alice"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayloadMatching(receipt(M1, 1, false));
    }

    @Test
    void canMarkTheSameMessageReadTwiceWithoutChange() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null), new MessageReadEvent(ID, M1, 1, "alice", EARLIER))
                .when(new MarkReadCommand(ID, M1, 1, "alice"))
                .expectNoEvents();
    }

    @Test
    void cannotMarkReadAMessageFromBeforeJoining() {
        fixture.given(group("alice", "bob"), sent(M1, 1, "bob", null),
                        new ParticipantAddedEvent(ID, "carol", "alice", EARLIER), sent(M2, 2, "bob", null))
                .when(new MarkReadCommand(ID, M1, 1, "carol"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }

    @Test
    void canMarkReadAMessageFromAfterJoining() {
        fixture.given(group("alice", "bob"), sent(M1, 1, "bob", null),
                        new ParticipantAddedEvent(ID, "carol", "alice", EARLIER), sent(M2, 2, "bob", null))
                .when(new MarkReadCommand(ID, M2, 2, "carol"))
                .expectEvents(new MessageReadEvent(ID, M2, 2, "carol", NOW));
    }

    @Test
    void cannotMarkReadAsNonMember() {
        fixture.given(direct("alice", "bob"), sent(M1, 1, "bob", null))
                .when(new MarkReadCommand(ID, M1, 1, "mallory"))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOT_FOUND));
    }
}
