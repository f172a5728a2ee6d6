/**
 * How long the local servers (the Functions host, the emulators) keep an idle keep-alive connection open.
 * Node's default (5 s) races its own clients: undici (fetch) and Node's agent close an idle connection 1 s
 * before the server's advertised `Keep-Alive: timeout`, so a client whose event loop lags more than that under
 * load sends a request on a connection the server is closing, and it fails (ECONNRESET, `fetch failed`,
 * `other side closed`); the Cosmos DB SDK does not retry writes on it. 130 s is Kestrel's default under the
 * real Functions host: far above the clients' idle timeouts, so the client closes first.
 */
export const idleConnectionSeconds = 130;

/** For an HTTP or HTTPS server. */
export function keepIdleConnections(server: { keepAliveTimeout: number }): void {
  server.keepAliveTimeout = idleConnectionSeconds * 1000;
}
