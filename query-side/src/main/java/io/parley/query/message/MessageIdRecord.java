package io.parley.query.message;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** Where a message id lives: the lookup behind every route that names a message by its id. */
@Document("message_ids")
record MessageIdRecord(@Id String messageId, String conversationId, long seq) {
}
