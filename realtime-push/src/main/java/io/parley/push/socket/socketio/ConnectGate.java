package io.parley.push.socket.socketio;

import io.parley.kernel.auth.Caller;
import io.parley.support.auth.InvalidTokenException;
import io.parley.support.auth.TokenVerifier;
import io.socket.engineio.server.Emitter;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.parser.Packet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token check the library lacks. It acknowledges a CONNECT packet before any listener of ours runs, so a
 * refusal there would reach the client as {@code connect} then {@code disconnect}. Instead this gate stands
 * between an Engine.IO connection and the library's decoder: every CONNECT packet is checked first, a refused one
 * is answered with CONNECT_ERROR (the client's {@code connect_error}) and never reaches the library, an accepted
 * one goes through with its {@link Caller} on record for {@link #admitted} while the library handles it.
 */
final class ConnectGate {

    private static final Logger log = LoggerFactory.getLogger(ConnectGate.class);
    private static final String DATA = "data";
    private static final String MAIN_NAMESPACE = "/";

    private final TokenVerifier verifier;
    /**
     * Who was admitted, the cursor their client brought ({@code auth.since}, may be null), and until when their
     * token is accepted.
     */
    record Admission(Caller caller, String since, Instant acceptedUntil) {
    }

    /** Engine.IO connection id to the admission whose CONNECT the library is handling right now, on this thread. */
    private final Map<String, Admission> admitting = new ConcurrentHashMap<>();

    ConnectGate(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** Puts the gate in front of the library's listeners; call it after the library has attached them. */
    void guard(EngineIoSocket engine) {
        List<Emitter.Listener> library = engine.listeners(DATA);
        engine.off(DATA);
        engine.on(DATA, args -> {
            Optional<ConnectPacket> connect = args.length > 0 && args[0] instanceof String message
                    ? ConnectPacket.parse(message)
                    : Optional.empty();
            if (connect.isPresent()) {
                admitOrRefuse(engine, connect.get(), () -> library.forEach(listener -> listener.call(args)));
            } else {
                library.forEach(listener -> listener.call(args));
            }
        });
    }

    /** The admission on that Engine.IO connection, while the library is connecting it. */
    Optional<Admission> admitted(String engineConnectionId) {
        return Optional.ofNullable(admitting.get(engineConnectionId));
    }

    private void admitOrRefuse(EngineIoSocket engine, ConnectPacket connect, Runnable passToLibrary) {
        if (!MAIN_NAMESPACE.equals(connect.namespace())) {
            // Parley serves the main namespace only: a client asking for another hears that, in Socket.IO's words
            engine.send(new Packet<>(Packet.MESSAGE, connect.refusal("Invalid namespace")));
            return;
        }
        TokenVerifier.Verified verified;
        try {
            verified = verifier.verifyUntil(connect.token());
        } catch (InvalidTokenException e) {
            log.debug("socket connect refused on {}: {}", engine.getId(), e.getMessage());
            engine.send(new Packet<>(Packet.MESSAGE, connect.refusal(e.getMessage())));
            return;
        }
        admitting.put(engine.getId(),
                new Admission(verified.caller(), connect.since(), verified.acceptedUntil()));
        try {
            passToLibrary.run();
        } finally {
            admitting.remove(engine.getId());
        }
    }
}
