import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { idleConnectionSeconds } from '../../local/idle-connections.js';
import { startFixtureHost, type FixtureHost } from './fixture-host.js';

const settings = {
  CASEFLOW_LOCAL_FUNCTION_KEY: 'function-key-1',
  CASEFLOW_LOCAL_MASTER_KEY: 'master-key-1',
  CASEFLOW_MAX_MODEL_BYTES: '1234',
};

describe('local Functions host serving HTTP triggers', () => {
  let fixture: FixtureHost;
  let base: string;
  before(async () => {
    fixture = await startFixtureHost({ settings, hostJson: { functionTimeout: '00:00:00.500' } });
    base = fixture.host.url;
  });
  after(() => fixture.stop());

  type Echo = { params?: unknown; seenByPreInvocation?: string };
  async function getJson(path: string): Promise<{ status: number; body: Echo }> {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: (response.status === 200 ? await response.json() : {}) as Echo };
  }

  describe('routes', () => {
    it('passes route parameters as strings and leaves out a missing optional one', async () => {
      assert.deepEqual((await getJson('/api/items/books/42')).body.params, { category: 'books', id: '42' });
      assert.deepEqual((await getJson('/api/items/books')).body.params, { category: 'books' });
    });

    it('answers 404 when a constraint rejects a value (int, alpha)', async () => {
      assert.equal((await getJson('/api/items/books/forty-two')).status, 404);
      assert.equal((await getJson('/api/items/b00ks/1')).status, 404);
    });

    it('prefers a literal route over a parameter in the same position', async () => {
      const response = await fetch(`${base}/api/items/special`);
      assert.equal(await response.text(), 'literal');
    });

    it('matches case-insensitively and ignores a trailing slash', async () => {
      assert.deepEqual((await getJson('/API/Items/Books/')).body.params, { category: 'Books' });
    });

    it('collects the rest of the path in a catch-all parameter, which may be missing', async () => {
      assert.deepEqual((await getJson('/api/files/a/b%20c/d.txt')).body.params, { path: 'a/b c/d.txt' });
      assert.deepEqual((await getJson('/api/files')).body.params, {});
    });

    it('applies guid constraints and default values', async () => {
      const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
      assert.deepEqual((await getJson(`/api/orders/${id}`)).body.params, { orderId: id, mode: 'summary' });
      assert.deepEqual((await getJson(`/api/orders/${id}/full`)).body.params, { orderId: id, mode: 'full' });
      assert.equal((await getJson('/api/orders/not-a-guid')).status, 404);
    });

    it('routes a function without a route by its name', async () => {
      const response = await fetch(`${base}/api/default-route`, { method: 'POST' });
      assert.equal(await response.text(), 'named after the function');
    });

    it('answers 404 for a method the function does not list and for unknown paths', async () => {
      assert.equal((await fetch(`${base}/api/things/1`, { method: 'GET' })).status, 404);
      assert.equal((await fetch(`${base}/api/things/1`, { method: 'DELETE' })).status, 200);
      assert.equal((await fetch(`${base}/api/no-such-function`)).status, 404);
    });
  });

  it('keeps idle connections open longer than clients keep them (they close one a second before)', async () => {
    const response = await fetch(`${base}/api/items/special`);
    await response.text();
    assert.equal(response.headers.get('keep-alive'), `timeout=${idleConnectionSeconds}`);
  });

  it('runs timer functions, and loads functions with other triggers but reports them as not run yet', () => {
    assert.deepEqual(fixture.host.notRun, ['on-upload (blobTrigger)']);
    assert.deepEqual(fixture.host.listening, ['nightly (timerTrigger)']);
    assert.ok(fixture.host.httpRoutes.includes('params: [GET] /api/items/{category:alpha}/{id:int?}'));
  });

  it('runs the app with its local settings as environment, read through the settings registry', async () => {
    const response = await fetch(`${base}/api/setting`);
    assert.deepEqual(await response.json(), { maxModelBytes: 1234 });
  });

  describe('authLevel with keys from local settings', () => {
    it('rejects function-level calls without a key and accepts the function or master key', async () => {
      assert.equal((await fetch(`${base}/api/secured/function`)).status, 401);
      assert.equal((await fetch(`${base}/api/secured/function?code=wrong`)).status, 401);
      assert.equal((await fetch(`${base}/api/secured/function?code=function-key-1`)).status, 200);
      const withHeader = await fetch(`${base}/api/secured/function`, {
        headers: { 'x-functions-key': 'master-key-1' },
      });
      assert.equal(await withHeader.text(), 'function ok');
    });

    it('accepts only the master key for admin-level functions', async () => {
      assert.equal((await fetch(`${base}/api/secured/admin?code=function-key-1`)).status, 401);
      assert.equal((await fetch(`${base}/api/secured/admin?code=master-key-1`)).status, 200);
    });
  });

  describe('requests and responses', () => {
    it('hands the function the method, absolute URL, query, headers and body', async () => {
      const response = await fetch(`${base}/api/echo?a=1&b=two`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-trace': 'abc' },
        body: 'hello body',
      });
      const echoed = (await response.json()) as Record<string, unknown> & { headers: Record<string, string> };
      assert.equal(echoed.method, 'POST');
      assert.equal(echoed.url, `${base}/api/echo?a=1&b=two`);
      assert.deepEqual(echoed.query, { a: '1', b: 'two' });
      assert.equal(echoed.headers['x-trace'], 'abc');
      assert.equal(echoed.headers['content-type'], 'text/plain');
      assert.equal(echoed.body, 'hello body');
    });

    it('returns the status, headers, cookies and body the function sets', async () => {
      const response = await fetch(`${base}/api/shape`);
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('x-custom'), 'yes');
      assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.deepEqual(response.headers.getSetCookie(), [
        'session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax',
      ]);
      assert.equal(await response.text(), 'created');
    });

    it('passes binary request bodies to the function byte for byte and returns binary and streamed bodies', async () => {
      // Every byte value, twice: invalid UTF-8 that any text conversion on the way would mangle.
      const bytes = Buffer.from([...Array(512).keys()].map((index) => index % 256));
      const reversed = Buffer.from(bytes).reverse();
      for (const mode of ['buffer', 'stream']) {
        const response = await fetch(`${base}/api/binary/${mode}`, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream' },
          body: bytes,
        });
        assert.equal(response.status, 200, mode);
        assert.equal(response.headers.get('content-type'), 'application/octet-stream');
        assert.equal(response.headers.get('content-length'), String(bytes.length));
        assert.deepEqual(Buffer.from(await response.arrayBuffer()), reversed, mode);
      }
    });

    it('answers 204 when the function returns nothing', async () => {
      const response = await fetch(`${base}/api/nothing`);
      assert.equal(response.status, 204);
      assert.equal(await response.text(), '');
    });

    it('forwards user logs through the log hooks, attributed to the function', async () => {
      await fetch(`${base}/api/echo`);
      const entry = await fixture.waitForLog((log) => log.category === 'user' && log.functionName === 'echo');
      assert.equal(entry.message, 'echo called with a [redacted]');
    });
  });

  describe('hooks', () => {
    it('runs appStart before invocations and lets preInvocation replace the handler', async () => {
      const response = await fetch(`${base}/api/hooked`);
      assert.deepEqual(await response.json(), { appStartRan: true, by: 'preInvocation' });
    });

    it('shares per-invocation hookData between preInvocation and postInvocation hooks', async () => {
      assert.equal((await getJson('/api/items/books')).body.seenByPreInvocation, 'params');
    });

    it('lets postInvocation clear an error and replace the result', async () => {
      const response = await fetch(`${base}/api/recovered`);
      assert.equal(response.status, 202);
      assert.equal(await response.text(), 'recovered from: recoverable');
    });
  });

  describe('failures are contained', () => {
    it('answers 500 with an empty body when the handler throws, and logs the failure', async () => {
      const response = await fetch(`${base}/api/throws`);
      assert.equal(response.status, 500);
      assert.equal(await response.text(), '');
      const failure = await fixture.waitForLog(
        (log) => log.functionName === 'throws' && log.level === 'error',
      );
      assert.match(
        failure.message,
        /Executed 'Functions\.throws' \(Failed, Id=.*\)\nResult: Failure\nException: handler exploded/,
      );
    });

    it('answers 500 when a handler exceeds functionTimeout, restarts the worker and keeps serving', async () => {
      assert.equal((await fetch(`${base}/api/hangs`)).status, 500);
      await fixture.waitForLog((log) =>
        /^Timeout value of 00:00:00\.500 exceeded by function 'Functions\.hangs'/.test(log.message),
      );
      assert.equal((await getJson('/api/items/books/1')).status, 200);
    });

    it('contains a CPU-bound handler that never returns', async () => {
      assert.equal((await fetch(`${base}/api/busy`)).status, 500);
      assert.equal((await getJson('/api/items/books/2')).status, 200);
    });

    it('survives an uncaught exception that ends the worker process', async () => {
      assert.equal((await fetch(`${base}/api/crashes`)).status, 500);
      await fixture.waitForLog(
        (log) => log.category === 'system' && /uncaught outside the handler/.test(log.message),
      );
      assert.equal((await getJson('/api/items/books/3')).status, 200);
    });

    it('survives a handler that calls process.exit', async () => {
      assert.equal((await fetch(`${base}/api/exits`)).status, 500);
      await fixture.waitForLog((log) => /exited with code 3/.test(log.message));
      assert.equal((await getJson('/api/items/books/4')).status, 200);
    });
  });
});

describe('local Functions host without keys or with another route prefix', () => {
  let fixture: FixtureHost;
  before(async () => {
    fixture = await startFixtureHost({ hostJson: { extensions: { http: { routePrefix: '' } } } });
  });
  after(() => fixture.stop());

  it('does not enforce authLevel when no keys are set, as Core Tools does', async () => {
    assert.equal((await fetch(`${fixture.host.url}/secured/admin`)).status, 200);
  });

  it('serves routes under the host.json routePrefix (here: none)', async () => {
    assert.equal((await fetch(`${fixture.host.url}/items/books`)).status, 200);
    assert.equal((await fetch(`${fixture.host.url}/api/items/books`)).status, 404);
  });

  it('runs appTerminate hooks when the host stops', async () => {
    const stopping = fixture.host.stop();
    const line = await fixture.waitForLog(
      (log) => log.category === 'console' && /appTerminate hook ran/.test(log.message),
    );
    await stopping;
    assert.equal(line.message, 'appTerminate hook ran after appStart');
  });
});
