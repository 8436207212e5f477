package io.parley.command.conversation;

import io.parley.kernel.Ids;
import io.parley.kernel.UserIds;
import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.ConversationViews;
import io.parley.kernel.api.DeletionView;
import io.parley.kernel.auth.Caller;
import io.parley.kernel.conversation.AddParticipantCommand;
import io.parley.kernel.conversation.CreateGroupCommand;
import io.parley.kernel.conversation.DeleteConversationCommand;
import io.parley.kernel.conversation.RemoveParticipantCommand;
import io.parley.kernel.conversation.StartDirectConversationCommand;
import io.parley.kernel.error.ErrorCode;
import io.parley.kernel.error.ParleyException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The conversation commands of API.md. Each answers with the read model's view once it has caught up with the
 * command's event, so a client's next GET shows what the POST returned.
 */
@RestController
@RequestMapping("/api/conversation")
class ConversationCommandController {

    record CreateConversationRequest(List<String> participants, Boolean isGroup, String groupName) {
    }

    record ParticipantRequest(String conversationId, String userId) {
    }

    private static final int START_ATTEMPTS = 5;

    private final CommandGateway commands;
    private final DirectConversationRegistry directConversations;
    private final ConversationViews views;
    private final Duration readModelWait;

    ConversationCommandController(
            CommandGateway commands,
            DirectConversationRegistry directConversations,
            ConversationViews views,
            @Value("${parley.read-your-writes-timeout:5s}") Duration readModelWait) {
        this.commands = commands;
        this.directConversations = directConversations;
        this.views = views;
        this.readModelWait = readModelWait;
    }

    @PostMapping
    ResponseEntity<ConversationView> create(Caller caller, @RequestBody CreateConversationRequest request) {
        if (request.participants() == null) {
            throw ParleyException.validation("participants is required");
        }
        if (request.participants().stream().anyMatch(Objects::isNull)) {
            throw ParleyException.validation("participants must hold valid user ids");
        }
        ConversationState state = Boolean.TRUE.equals(request.isGroup())
                ? send(new CreateGroupCommand(
                        Ids.newId(), caller.userId(), request.participants(), request.groupName()))
                : startDirect(caller.userId(), onlyOtherParticipant(caller.userId(), request.participants()));
        return ResponseEntity.status(state.changed() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(viewAfter(state, caller));
    }

    @PostMapping("/participant/add")
    ConversationView addParticipant(Caller caller, @RequestBody ParticipantRequest request) {
        requireFields(request);
        return viewAfter(send(new AddParticipantCommand(request.conversationId(), caller.userId(), request.userId())),
                caller);
    }

    @PostMapping("/participant/remove")
    ConversationView removeParticipant(Caller caller, @RequestBody ParticipantRequest request) {
        requireFields(request);
        return viewAfter(
                send(new RemoveParticipantCommand(request.conversationId(), caller.userId(), request.userId())),
                caller);
    }

    @DeleteMapping("/{id}")
    DeletionView delete(Caller caller, @PathVariable String id) {
        if (!Ids.isValid(id)) {
            throw ParleyException.notFound("conversation not found");
        }
        ConversationState state = send(new DeleteConversationCommand(id, caller.userId()));
        views.awaitApplied(state.conversationId(), state.version(), readModelWait);
        return DeletionView.of(id, state.deletedAt());
    }

    /**
     * One pair, one live conversation: the registry names the pair's id, the aggregate creates it if missing.
     * A pair whose conversation was deleted is released and claimed afresh.
     */
    private ConversationState startDirect(String initiator, String other) {
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            String id = directConversations.claim(initiator, other, Ids.newId());
            try {
                return send(new StartDirectConversationCommand(id, initiator, other));
            } catch (ParleyException e) {
                if (e.code() != ErrorCode.CONVERSATION_DELETED) {
                    throw e;
                }
                directConversations.release(initiator, other, id);
            } catch (ConcurrencyException createdElsewhereAtTheSameTime) {
                // another node created it a moment ago; the next attempt finds it
            }
        }
        throw new IllegalStateException("could not start the conversation of " + initiator + " and " + other);
    }

    private static String onlyOtherParticipant(String caller, List<String> participants) {
        Set<String> distinct = new LinkedHashSet<>(participants);
        if (distinct.size() != participants.size()) {
            throw ParleyException.validation("a participant is listed more than once");
        }
        distinct.remove(caller);
        if (distinct.size() != 1) {
            throw ParleyException.validation(
                    "a one-to-one conversation needs exactly one participant besides you; set isGroup for more");
        }
        String other = distinct.iterator().next();
        if (!UserIds.isValid(other)) {
            throw ParleyException.validation("participants must hold valid user ids");
        }
        return other;
    }

    private static void requireFields(ParticipantRequest request) {
        if (!Ids.isValid(request.conversationId())) {
            throw ParleyException.validation("conversationId must be a 24-character hex id");
        }
        if (request.userId() == null) {
            throw ParleyException.validation("userId is required");
        }
    }

    private ConversationState send(Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException unknownId) {
            throw ParleyException.notFound("conversation not found");
        }
    }

    private ConversationView viewAfter(ConversationState state, Caller caller) {
        return views.awaitVersion(state.conversationId(), caller.userId(), state.version(), readModelWait)
                .orElseGet(state::toView);
    }
}
