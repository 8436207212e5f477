/**
 * All of Parley in one JVM on one port: the command side, the query side and realtime push, on an in-process
 * Kafka broker and an in-process MongoDB-compatible store (both persisting under {@code ./data}) unless external
 * ones are configured.
 */
package io.parley.standalone;
