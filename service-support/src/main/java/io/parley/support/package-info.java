/**
 * The plumbing every Parley service shares, registered as Spring Boot auto-configuration so a service gets it by
 * having this module on its class path:
 * <ul>
 *   <li>{@code auth}: verification of the client's JWT, the same on every request and socket handshake;</li>
 *   <li>{@code web}: the bearer-token filter, the operator guard and the REST error format;</li>
 *   <li>{@code infra}: Axon on MongoDB, Parley's Kafka topics and the health indicators;</li>
 *   <li>{@code internal}: the services' routes to each other and the client that calls them;</li>
 *   <li>{@code ops}: the topics report and the processor metrics.</li>
 * </ul>
 * Each auto-configuration is active only in a service that has what it configures on its class path.
 */
package io.parley.support;
