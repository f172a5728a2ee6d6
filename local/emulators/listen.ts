import type { Server } from 'node:net';
import { keepIdleConnections } from '../idle-connections.js';

/** Loopback only: the emulators accept no authentication worth the name, so they are never reachable from outside. */
export const loopbackHost = '127.0.0.1';

/**
 * Starts listening on the loopback interface; port 0 picks a free port. Resolves with the bound port. An HTTP(S)
 * server keeps idle connections long (local/idle-connections.ts).
 */
export function listen(server: Server, port: number): Promise<number> {
  if ('keepAliveTimeout' in server) keepIdleConnections(server as Server & { keepAliveTimeout: number });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, loopbackHost, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('server has no TCP address'));
        return;
      }
      resolve(address.port);
    });
  });
}

/** Stops accepting connections and closes the idle ones, so stop() does not wait for keep-alive timeouts. */
export function close(server: Server & { closeAllConnections?: () => void }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections?.();
  });
}
