package io.parley.support.internal;

import io.parley.kernel.auth.Caller;

/**
 * A message command as the realtime service hands it to the command side: who asked (already verified from their
 * token by the realtime service), on which connection, and the command's own input.
 */
public record RemoteCommand<T>(Caller caller, String connectionId, T input) {
}
