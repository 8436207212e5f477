/**
 * The command side: aggregates decide, events record. Each endpoint turns a request into one command, the
 * aggregate checks its rules and applies events, Axon stores them in MongoDB, and the {@code kafka publisher}
 * processor (a tracking processor over that store, so no event is lost between store and broker) puts them on
 * Kafka keyed by conversation id.
 */
package io.parley.command;
