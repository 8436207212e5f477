package io.parley.query;

import io.parley.query.conversation.ConversationStore;
import io.parley.query.message.MessageStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * One generation of the conversations read model: its collections, and the stores and views that read and write
 * them. Generation 1 keeps the plain collection names ({@code messages}); a rebuild writes generation
 * <i>n</i> into {@code messages_g<n>} and so on, beside the live one (see {@link ReadModels}). The records name
 * no collection of their own: every read and write names its generation's.
 */
public final class ReadModel {

    public static final String CONVERSATIONS = "conversations";
    /**
     * User id to the ids of the conversations they are or were in: the candidates the list route reads by
     * {@code _id}. It may hold more than the current memberships (a repeated event only adds), never fewer; readers
     * keep the conversations whose record still lists the user.
     */
    public static final String USER_CONVERSATIONS = "user_conversations";
    public static final String MESSAGES = "messages";
    /** Where a message id lives: the lookup behind every route that names a message by its id. */
    public static final String MESSAGE_IDS = "message_ids";
    /** Conversation, sender and clientMessageId to the first message: what makes a retry return it. */
    public static final String CLIENT_MESSAGE_IDS = "client_message_ids";
    /**
     * Attachment id to the messages ({@code <conversationId>:<seq>}) that sent it. Only ever added to: whether a
     * reference still grants access is decided by the message (deleted or not) when the attachment is asked for.
     */
    public static final String ATTACHMENT_REFS = "attachment_refs";
    /**
     * Every version of an edited message under {@code <conversationId>:<seq>:<n>}, n from 0 (the original) up to
     * the message's {@code editCount}: read by computed {@code _id}s, dropped when the message is deleted.
     */
    public static final String MESSAGE_EDITS = "message_edits";

    /** Every collection a generation consists of: what a rebuild fills and what retiring a generation drops. */
    public static final List<String> COLLECTIONS =
            List.of(CONVERSATIONS, USER_CONVERSATIONS, MESSAGES, MESSAGE_IDS, CLIENT_MESSAGE_IDS, ATTACHMENT_REFS,
                    MESSAGE_EDITS);

    private static final Pattern SUFFIXED = Pattern.compile("(.+)_g([1-9][0-9]{0,8})");

    private final int generation;
    private final MongoTemplate mongo;
    private final ConversationStore conversations;
    private final MessageStore messages;
    private final Views views;

    /** A generation whose writes tell nobody (tests, tools); see {@link #ReadModel(MongoTemplate, int, AppliedVersions)}. */
    public ReadModel(MongoTemplate mongo, int generation) {
        this(mongo, generation, new AppliedVersions());
    }

    /** {@code applied} hears each version the conversations' records reach (the read-your-writes signal). */
    public ReadModel(MongoTemplate mongo, int generation, AppliedVersions applied) {
        if (generation < 1) {
            throw new IllegalArgumentException("generations are numbered from 1");
        }
        this.generation = generation;
        this.mongo = mongo;
        this.conversations = new ConversationStore(mongo, collection(CONVERSATIONS), applied);
        this.messages = new MessageStore(mongo, collection(MESSAGES));
        this.views = new Views(messages);
    }

    /** The name in generation {@code generation} of the collection called {@code base} in generation 1. */
    public static String collection(String base, int generation) {
        return generation == 1 ? base : base + "_g" + generation;
    }

    /** The generation a collection of the read model belongs to; empty for any other collection. */
    public static Optional<Integer> generationOf(String collection) {
        if (COLLECTIONS.contains(collection)) {
            return Optional.of(1);
        }
        Matcher suffixed = SUFFIXED.matcher(collection);
        if (!suffixed.matches() || !COLLECTIONS.contains(suffixed.group(1))) {
            return Optional.empty();
        }
        int generation = Integer.parseInt(suffixed.group(2));
        return generation > 1 ? Optional.of(generation) : Optional.empty();
    }

    public String collection(String base) {
        return collection(base, generation);
    }

    /**
     * Where a projection reads and writes while it handles an event: the processor batch's {@link ReadModelBatch}
     * (see {@link ReadModelBatchScope}), or outside one a batch that writes each change at once.
     */
    public ReadModelBatch batch() {
        Map<Integer, ReadModelBatch> scope = CurrentUnitOfWork.isStarted()
                ? ReadModelBatchScope.cast(CurrentUnitOfWork.get().resources().get(ReadModelBatch.SCOPE))
                : null;
        return scope == null
                ? new ReadModelBatch(this, true)
                : scope.computeIfAbsent(generation, ignored -> new ReadModelBatch(this, false));
    }

    public int generation() {
        return generation;
    }

    public MongoTemplate mongo() {
        return mongo;
    }

    public ConversationStore conversations() {
        return conversations;
    }

    public MessageStore messages() {
        return messages;
    }

    public Views views() {
        return views;
    }
}
