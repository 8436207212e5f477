package io.parley.query.message;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** {@code _id} is conversation, sender and clientMessageId: a retry from that sender finds its first message. */
@Document("client_message_ids")
record ClientMessageIdRecord(@Id String key, String messageId, long seq) {

    static String key(String conversationId, String sender, String clientMessageId) {
        return conversationId + "|" + sender + "|" + clientMessageId;
    }
}
