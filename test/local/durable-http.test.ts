import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startAzurite, type RunningAzurite } from '../../local/emulators/azurite.js';
import { makeTempDir } from '../support/temp-dir.js';
import { startFixtureHost, type FixtureHost } from './fixture-host.js';

describe('local Durable HTTP calls (callHttp)', () => {
  const dataDir = makeTempDir('durable-http');
  let azurite: RunningAzurite;
  let fixture: FixtureHost;
  let server: Server;
  let base: string;
  const seen: string[] = [];
  let statusPolls = 0;

  before(async () => {
    // The remote service the orchestration calls: it records what it received.
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push(`${request.method} ${request.url}`);
        if (request.url === '/plain') response.writeHead(200).end('plain text');
        else if (request.url === '/echo') {
          response.writeHead(201).end(JSON.stringify({ header: request.headers['x-test'], body }));
        } else if (request.url === '/async') {
          response.writeHead(202, { location: `${base}/status`, 'retry-after': '0' }).end();
        } else if (request.url === '/status') {
          statusPolls += 1;
          if (statusPolls < 2)
            response.writeHead(202, { location: `${base}/status`, 'retry-after': '0' }).end();
          else response.writeHead(200).end('finished');
        } else response.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    azurite = await startAzurite({ dataDir: dataDir.path });
    fixture = await startFixtureHost({
      app: 'entity-app.js',
      settings: { AzureWebJobsStorage: azurite.connectionString },
    });
  });
  after(async () => {
    await fixture?.stop();
    await azurite?.stop();
    await new Promise((resolve) => server.close(resolve));
    dataDir.remove();
  });

  const client = async (command: Record<string, unknown>) => {
    const response = await fetch(`${fixture.host.url}/api/client`, {
      method: 'POST',
      body: JSON.stringify(command),
    });
    return (await response.json()) as Record<string, unknown>;
  };

  it('makes the requests, polls a 202 Location until done, and fails a request that cannot be sent', async () => {
    const { id } = (await client({ op: 'start', name: 'httpCalls', input: base })) as { id: string };
    const deadline = Date.now() + 30_000;
    let status: { runtimeStatus?: string; output?: unknown } = {};
    while (!['Completed', 'Failed'].includes(String(status.runtimeStatus))) {
      if (Date.now() > deadline) throw new Error(`Timed out: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await client({ op: 'status', id });
    }
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status));
    assert.deepEqual(status.output, {
      plain: { statusCode: 200, content: 'plain text' },
      echo: { statusCode: 201, content: JSON.stringify({ header: 'yes', body: '{"hello":"world"}' }) },
      polled: { statusCode: 200, content: 'finished' },
      notPolled: { statusCode: 202, location: `${base}/status` },
      failed: true,
    });
    // The asynchronous pattern: the POST, then GETs of the Location until it is no longer 202.
    assert.deepEqual(seen, [
      'GET /plain',
      'POST /echo',
      'POST /async',
      'GET /status',
      'GET /status',
      'POST /async',
    ]);
  });
});
