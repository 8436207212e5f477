package io.parley.query.message;

import org.springframework.data.annotation.Id;

/** {@code _id} is conversation, sender and clientMessageId: a retry from that sender finds its first message. */
record ClientMessageIdRecord(@Id String key, String messageId, long seq) {

    static String key(String conversationId, String sender, String clientMessageId) {
        return conversationId + "|" + sender + "|" + clientMessageId;
    }
}
