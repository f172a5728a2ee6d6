import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CommandContext } from '../../shared/cases/command-performer.js';
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import { incidentIdFor, type IncidentDocument } from '../../shared/incidents/incident-document.js';
import { incidentPerformer } from '../../shared/incidents/incident-performer.js';
import { IncidentService } from '../../shared/incidents/incident-service.js';
import { openStuckIncident, resolveStuckIncident } from '../../shared/incidents/stuck-case-incident.js';
import type { CaseRef } from '../../shared/cases/case-inbox.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { startLocalCosmos, type LocalCosmos } from '../support/local-cosmos.js';
import { RecordingInbox } from '../support/recording-inbox.js';

const noRing = { ring: async () => assert.fail('an engine incident is retried through the inbox') };
const hasCode = (code: string) => (error: unknown) => error instanceof CaseflowError && error.code === code;

describe('incidents (on the local Cosmos DB)', () => {
  let cosmos: LocalCosmos;
  const repository = (tenantId: string) =>
    new TenantRepository<IncidentDocument>(cosmos.container('incidents'), tenantId);
  const performer = incidentPerformer(repository);
  let commands = 0;
  const context = (caseId: string, processKey = 'claim', tenantId = 'contoso'): CommandContext => ({
    tenantId,
    caseId,
    processKey,
    definitionId: `${processKey}:1`,
    commandId: `cmd-${++commands}`,
    now: `2030-01-01T00:00:${String(commands).padStart(2, '0')}Z`,
  });
  const raise = (caseId: string, incident: string, processKey = 'claim', tenantId = 'contoso') =>
    performer.perform(
      { kind: 'raiseIncident', incident, element: 'charge', code: 'job-failed', message: 'card declined' },
      context(caseId, processKey, tenantId),
    );

  before(async () => {
    cosmos = await startLocalCosmos('incidents', ['incidents']);
  });
  after(async () => {
    await cosmos.stop();
  });

  it('records a raised incident once, however often the command is performed', async () => {
    await raise('case-1', 'i1');
    await raise('case-1', 'i1');
    const page = await new IncidentService(repository('contoso'), new RecordingInbox(), noRing).list({
      caseId: 'case-1',
      limit: 10,
    });
    assert.equal(page.items.length, 1);
    const [incident] = page.items;
    assert.equal(incident?.state, 'open');
    assert.equal(incident?.code, 'job-failed');
    assert.equal(incident?.element, 'charge');
    assert.equal(incident?.message, 'card declined');
  });

  it('lists by state, case and process, paged, within the tenant only', async () => {
    await raise('case-2', 'i1', 'order');
    await raise('case-3', 'i1', 'order');
    await raise('case-4', 'i1', 'order', 'fabrikam');
    await performer.perform({ kind: 'resolveIncident', incident: 'i1' }, context('case-3', 'order'));
    const service = new IncidentService(repository('contoso'), new RecordingInbox(), noRing);
    const open = await service.list({ state: 'open', processKey: 'order', limit: 10 });
    assert.deepEqual(
      open.items.map((incident) => incident.caseId),
      ['case-2'],
    );
    const resolved = await service.list({ state: 'resolved', limit: 10 });
    assert.deepEqual(
      resolved.items.map((incident) => [incident.caseId, incident.state, typeof incident.resolvedAt]),
      [['case-3', 'resolved', 'string']],
    );
    const first = await service.list({ limit: 1 });
    assert.ok(first.continuationToken);
    const second = await service.list({ limit: 1, continuationToken: first.continuationToken });
    assert.notEqual(second.items[0]?.id, first.items[0]?.id);
  });

  it('retry delivers incidentResolved with the changed variables, once per incident', async () => {
    await raise('case-5', 'i7');
    const inbox = new RecordingInbox();
    const service = new IncidentService(repository('contoso'), inbox, noRing);
    const id = incidentIdFor('contoso', 'case-5', 'i7');
    await service.retry(id, { limit: 500 }, 'admin-1');
    await service.retry(id, {}, 'admin-1');
    assert.equal(inbox.deliveries.length, 1);
    assert.deepEqual(inbox.deliveries[0]?.event, {
      type: 'incidentResolved',
      incident: 'i7',
      variables: { limit: 500 },
    });
    assert.deepEqual(inbox.deliveries[0]?.ref, { tenantId: 'contoso', caseId: 'case-5' });
  });

  it("refuses to retry an unknown, another tenant's or a resolved incident", async () => {
    const service = (tenantId: string) =>
      new IncidentService(repository(tenantId), new RecordingInbox(), noRing);
    await assert.rejects(service('contoso').retry('nope', {}, 'a'), hasCode('incidents.not-found'));
    await raise('case-6', 'i1');
    const id = incidentIdFor('contoso', 'case-6', 'i1');
    await assert.rejects(service('fabrikam').retry(id, {}, 'a'), hasCode('incidents.not-found'));
    await performer.perform({ kind: 'resolveIncident', incident: 'i1' }, context('case-6'));
    await assert.rejects(service('contoso').retry(id, {}, 'a'), hasCode('incidents.resolved'));
  });

  it('records a stuck case as one incident whose retry rings the case, re-opened when stuck again', async () => {
    const stuck = {
      caseId: 'case-7',
      processKey: 'claim',
      code: 'cases.no-performer',
      message: 'm',
      at: 'x',
    };
    await openStuckIncident(repository('contoso'), stuck);
    await openStuckIncident(repository('contoso'), stuck);
    const rings: CaseRef[] = [];
    const inbox = new RecordingInbox();
    const service = new IncidentService(repository('contoso'), inbox, {
      ring: async (ref) => void rings.push(ref),
    });
    const listed = await service.list({ caseId: 'case-7', limit: 10 });
    assert.deepEqual(
      listed.items.map((incident) => [incident.kind, incident.state, incident.code]),
      [['stuck', 'open', 'cases.no-performer']],
    );
    const id = listed.items[0]!.id;
    await assert.rejects(service.retry(id, { a: 1 }, 'admin'), hasCode('http.validation-failed'));
    assert.equal((await service.retry(id, {}, 'admin')).state, 'resolved');
    assert.deepEqual(rings, [{ tenantId: 'contoso', caseId: 'case-7' }]);
    assert.deepEqual(inbox.deliveries, []);
    await openStuckIncident(repository('contoso'), { ...stuck, code: 'cases.definition-missing' });
    const reopened = await repository('contoso').read(id);
    assert.deepEqual([reopened?.state, reopened?.code], ['open', 'cases.definition-missing']);
    await resolveStuckIncident(repository('contoso'), 'case-7', 'y');
    assert.equal((await repository('contoso').read(id))?.state, 'resolved');
  });
});
