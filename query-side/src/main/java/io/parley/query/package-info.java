/**
 * The query side: MongoDB read models built from the Kafka event stream, and the GET routes that read only them.
 * Every projection is idempotent: Kafka delivers at least once, and an event applied twice changes nothing,
 * because each write is guarded by the aggregate sequence number it brings the document to.
 */
package io.parley.query;
