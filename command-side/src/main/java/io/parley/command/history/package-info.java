/**
 * History at a moment, for analysts and operators: {@code GET /api/admin/conversations/:id/state?at} and
 * {@code .../messages?at&limit&before}, a conversation and its messages as they were at an instant, computed from
 * the event log, never from a read model.
 *
 * <p>Why here, on the command side: the event store is the command side's, and the answer must be the log's. The
 * read models are built from Kafka and show only the present; a consumer of Kafka keeping history would be one
 * more copy, behind the store by the publisher's lag and the topic's retention. Here every answer starts at the
 * store: the last event at or before {@code at} is found by a search over the store's own unique key
 * (conversation, sequence number), about 2 log2 n reads of one timestamp each ({@link EventLog}).
 *
 * <p>Why an index: a moment of a conversation of 100,000 messages is the fold of up to hundreds of thousands of
 * events, and the embedded store answers only exact keys (a scan of the event collection costs the whole store).
 * {@link HistoryIndex} keeps pointers into the log, all read by {@code _id}: a checkpoint of the conversation's
 * state (members and their read and delivery markers, name, deletion, last seq) every 32 events, and per message
 * the numbers of the events that sent and changed it. The state at event n is then its checkpoint plus fewer than
 * 32 events; a page of messages is, per message, its own few events up to n (edits, reactions, deletion after n
 * are simply not read). {@link ConversationHistory} does that; {@link ConversationMoment} and
 * {@link MessageMoment} are the fold itself.
 *
 * <p>Never ahead of the store, rebuildable: the index is built only from events read back from the store (on the
 * embedded store those reads wait for its commit), its writes are idempotent and its head moves last, so a crash
 * or a race leaves a prefix. A query first catches the conversation's index up to the event it needs; the
 * {@link HistoryWarmer} does the same shortly after this node appends, so queries rarely wait for it. Dropping the
 * {@code history_*} collections is safe: each conversation is indexed again from its first event when next used.
 */
package io.parley.command.history;
