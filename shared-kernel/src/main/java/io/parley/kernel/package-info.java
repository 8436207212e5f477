/**
 * Parley's shared kernel: the language the services speak to each other and to clients.
 * <ul>
 *   <li>{@code conversation}: commands and events of the conversation aggregate (public API, kept compatible);</li>
 *   <li>{@code api}: the JSON objects of {@code API.md};</li>
 *   <li>{@code error}: error codes and the exceptions that carry them to the REST and socket boundaries;</li>
 *   <li>{@code auth}: verification of the client's JWT, the same on every request and socket handshake;</li>
 *   <li>{@code web} and {@code infra}: service glue, active only in a service that has Spring MVC or Axon's
 *       Mongo extension on its class path.</li>
 * </ul>
 */
package io.parley.kernel;
