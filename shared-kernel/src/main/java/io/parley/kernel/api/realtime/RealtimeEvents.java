package io.parley.kernel.api.realtime;

/** Names of the server-to-client events. */
public final class RealtimeEvents {

    public static final String NEW_MESSAGE = "new_message";
    public static final String MESSAGE_SENT = "message_sent";
    public static final String MESSAGE_READ = "message_read";
    public static final String MESSAGE_DELETED = "message_deleted";
    public static final String CONVERSATION_CREATED = "conversation_created";
    public static final String CONVERSATION_UPDATED = "conversation_updated";
    public static final String CONVERSATION_DELETED = "conversation_deleted";
    public static final String SYNC_COMPLETE = "sync_complete";
    public static final String MESSAGE_EDITED = "message_edited";
    public static final String REACTION_ADDED = "reaction_added";
    public static final String REACTION_REMOVED = "reaction_removed";
    public static final String MESSAGE_DELIVERED = "message_delivered";

    private RealtimeEvents() {
    }
}
