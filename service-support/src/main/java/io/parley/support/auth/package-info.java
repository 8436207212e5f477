/**
 * Verification of the client's own identity provider's JWT: the user is its {@code sub}. The same verifier
 * guards every REST request and every socket handshake.
 */
package io.parley.support.auth;
