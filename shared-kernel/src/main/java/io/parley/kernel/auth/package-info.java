/**
 * Who is calling: the verified user behind a request or socket handshake. The verification itself is service
 * glue and lives in {@code io.parley.support.auth}.
 */
package io.parley.kernel.auth;
