package io.parley.query.message;

import org.springframework.data.annotation.Id;

/** Where a message id lives: the lookup behind every route that names a message by its id. */
record MessageIdRecord(@Id String messageId, String conversationId, long seq) {
}
