/**
 * How the services ask each other what one JVM asks itself in the standalone: the routes under {@code /internal/},
 * open only to callers that present the deployment's shared secret ({@code parley.internal.secret}) and never routed
 * by the public proxy, and the client that calls them.
 */
package io.parley.support.internal;
