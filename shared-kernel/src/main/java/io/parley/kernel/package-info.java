/**
 * Parley's shared kernel: the language the services speak to each other and to clients.
 * <ul>
 *   <li>{@code conversation} and {@code message}: commands and events of the conversation aggregate (public API,
 *       kept compatible);</li>
 *   <li>{@code api}: the JSON objects of {@code API.md};</li>
 *   <li>{@code error}: error codes and the exceptions that carry them to the REST and socket boundaries;</li>
 *   <li>{@code auth}: the verified caller.</li>
 * </ul>
 * It depends on nothing heavier than Axon's modelling annotations and Jackson's annotations; the Spring, Kafka,
 * MongoDB and servlet glue every service shares is the {@code service-support} module ({@code io.parley.support}).
 */
package io.parley.kernel;
