package io.parley.kernel;

/**
 * Metadata keys that travel from a command to its events and along the event stream (as Kafka headers).
 */
public final class Metadata {

    /**
     * The realtime connection a command came from: its events go back to that connection as {@code message_sent},
     * and to every other connection as {@code new_message}. Absent for commands that came over REST.
     */
    public static final String CONNECTION_ID = "connectionId";

    private Metadata() {
    }
}
