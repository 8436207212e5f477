// Shared by the scenario scripts: options from the environment, one JSON result line on stdout, a hard time limit.
import { io } from "socket.io-client";

const limitMs = Number(process.env.LIMIT_MS ?? 10000);

export function finish(result) {
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(0);
}

setTimeout(() => finish({ timedOut: true }), limitMs);

/**
 * A client as a frontend makes one: PARLEY_URL, TOKEN (absent: no auth at all), SINCE (the cursor to catch up from),
 * TRANSPORTS (comma separated).
 */
export function connect() {
  const options = { reconnection: false, timeout: 5000 };
  if (process.env.TOKEN !== undefined) {
    options.auth = { token: process.env.TOKEN };
    if (process.env.SINCE) {
      options.auth.since = process.env.SINCE;
    }
  }
  if (process.env.TRANSPORTS) {
    options.transports = process.env.TRANSPORTS.split(",");
  }
  return io(process.env.PARLEY_URL, options);
}

export function transportOf(socket) {
  return socket.io.engine.transport.name;
}
