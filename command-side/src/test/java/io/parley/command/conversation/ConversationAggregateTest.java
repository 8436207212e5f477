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
        fixture.registerInjectableResource(new Limits(5, 200));
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
}
