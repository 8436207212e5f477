package io.parley.push.socket.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.kernel.error.ErrorCode;
import io.parley.kernel.error.ParleyException;
import io.parley.kernel.error.RateLimitedException;
import io.parley.push.socket.ClientEventHandler;
import io.socket.socketio.server.SocketIoSocket.ReceivedByLocalAcknowledgementCallback;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the handler of one client event and answers it: {@code { ok: true, ... }} to the acknowledgement on
 * success (for a handler that answers with a {@link CompletionStage}, once it completes, from whichever thread); on a refusal both the {@code error} event {@code { message, code, event }} and, when the client asked
 * for one, the acknowledgement {@code { ok: false, error: { code, message } }}. The connection stays usable.
 */
final class ClientEventDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ClientEventDispatcher.class);
    static final String ERROR_EVENT = "error";

    private final Map<String, ClientEventHandler> handlers;
    private final JsonBridge json;

    ClientEventDispatcher(Map<String, ClientEventHandler> handlers, JsonBridge json) {
        this.handlers = handlers;
        this.json = json;
    }

    /** {@code args} as the library gives them: the payload first, the acknowledgement callback last if any. */
    void dispatch(LiveConnection live, String event, Object[] args) {
        Optional<ReceivedByLocalAcknowledgementCallback> ack = acknowledgement(args);
        int payloadCount = args.length - (ack.isPresent() ? 1 : 0);
        try {
            ClientEventHandler handler = handlers.get(event);
            if (handler == null) {
                throw ParleyException.validation("unknown event: " + event);
            }
            JsonNode payload = json.fromWire(payloadCount > 0 ? args[0] : null);
            Object result = handler.handle(live.connection(), payload);
            if (result instanceof CompletionStage<?> later) {
                later.whenComplete((value, failure) -> {
                    if (failure == null) {
                        acknowledge(live, event, ack, value);
                    } else {
                        refuse(live, event, ack, failure instanceof CompletionException wrapped
                                && wrapped.getCause() != null ? wrapped.getCause() : failure);
                    }
                });
            } else {
                acknowledge(live, event, ack, result);
            }
        } catch (RuntimeException e) {
            refuse(live, event, ack, e);
        }
    }

    private void acknowledge(LiveConnection live, String event, Optional<ReceivedByLocalAcknowledgementCallback> ack,
            Object result) {
        try {
            ack.ifPresent(callback -> callback.sendAcknowledgement(json.toWire(success(result))));
        } catch (RuntimeException e) {
            refuse(live, event, ack, e);
        }
    }

    /** A handler's refusal, or its failure, as the client hears it. */
    private void refuse(LiveConnection live, String event, Optional<ReceivedByLocalAcknowledgementCallback> ack,
            Throwable failure) {
        if (failure instanceof RateLimitedException limit) {
            refuse(live, event, ack, limit.code(), limit.getMessage(), limit.retryAfterSeconds());
        } else if (failure instanceof ParleyException refusal) {
            refuse(live, event, ack, refusal.code(), refusal.getMessage(), null);
        } else {
            log.error("socket event {} of {} failed", event, live.connection().userId(), failure);
            refuse(live, event, ack, ErrorCode.INTERNAL, "internal error", null);
        }
    }

    /**
     * An event over its connection's or its user's rate: the {@code error} event and a failed acknowledgement, code
     * {@code rate_limited}, with {@code retryAfter} in seconds.
     */
    void refuseRateLimited(LiveConnection live, String event, Object[] args, RateLimitedException limit) {
        refuse(live, event, acknowledgement(args), limit.code(), limit.getMessage(), limit.retryAfterSeconds());
    }

    /** Tells the client its token ran out, just before the connection is closed: no client event failed. */
    void tokenExpired(LiveConnection live) {
        ObjectNode error = json.mapper().createObjectNode()
                .put("message", "token expired: connect again with a fresh token, or send refresh_token in time")
                .put("code", ErrorCode.TOKEN_EXPIRED.code())
                .putNull("event");
        live.send(ERROR_EVENT, json.toWire(error));
    }

    private ObjectNode success(Object result) {
        ObjectNode answer = json.mapper().createObjectNode().put("ok", true);
        if (result != null) {
            JsonNode fields = json.mapper().valueToTree(result);
            if (!(fields instanceof ObjectNode object)) {
                throw new IllegalStateException("a handler must return a JSON object, not " + fields.getNodeType());
            }
            answer.setAll(object);
        }
        return answer;
    }

    private void refuse(LiveConnection live, String event, Optional<ReceivedByLocalAcknowledgementCallback> ack,
                        ErrorCode code, String message, Long retryAfterSeconds) {
        ObjectNode error = json.mapper().createObjectNode()
                .put("message", message).put("code", code.code()).put("event", event);
        if (retryAfterSeconds != null) {
            error.put("retryAfter", retryAfterSeconds);
        }
        live.send(ERROR_EVENT, json.toWire(error));
        ack.ifPresent(callback -> {
            ObjectNode failure = json.mapper().createObjectNode().put("ok", false);
            ObjectNode body = failure.putObject("error").put("code", code.code()).put("message", message);
            if (retryAfterSeconds != null) {
                body.put("retryAfter", retryAfterSeconds);
            }
            callback.sendAcknowledgement(json.toWire(failure));
        });
    }

    private static Optional<ReceivedByLocalAcknowledgementCallback> acknowledgement(Object[] args) {
        return args.length > 0 && args[args.length - 1] instanceof ReceivedByLocalAcknowledgementCallback callback
                ? Optional.of(callback)
                : Optional.empty();
    }
}
