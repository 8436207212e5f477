/**
 * Commands and events of the conversation aggregate. Public API: events are stored forever and replayed by
 * analysts, so a field is added only in a way old events still deserialise into, and never renamed.
 */
package io.parley.kernel.conversation;
