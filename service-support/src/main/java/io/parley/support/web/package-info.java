/**
 * REST glue every Parley service shares: bearer-token authentication on {@code /api/**}, the {@code admin} role on
 * {@code /api/admin/**}, the caller as a controller argument, strict JSON binding and the
 * {@code { error: { code, message } }} format for every failure.
 */
package io.parley.support.web;
