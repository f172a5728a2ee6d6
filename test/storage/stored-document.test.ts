import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unstored } from '../../shared/storage/stored-document.js';

test('unstored drops the tenant and every Cosmos DB system property, keeping the document', () => {
  const stored = {
    id: 'task-1',
    tenantId: 'contoso',
    name: 'Review',
    _etag: '"0a"',
    _rid: 'gAABAIAAAAc=',
    _self: 'dbs/x/colls/y/docs/z/',
    _ts: 1795792641,
    _lsn: 11,
    _attachments: 'attachments/',
  };
  assert.deepEqual(unstored(stored), { id: 'task-1', name: 'Review' });
});
