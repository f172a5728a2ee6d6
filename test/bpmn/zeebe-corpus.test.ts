/** Camunda 8 (Zeebe) model fixtures: all import without throwing, and their zeebe: details are read. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compileProcess } from '../../shared/bpmn/compile/compile-process.js';
import { DiagnosticSink } from '../../shared/bpmn/diagnostics.js';
import { importModel } from '../../shared/bpmn/index.js';
import { indexModel } from '../../shared/bpmn/model-index.js';
import { parseDefinitions } from '../../shared/bpmn/parse.js';
import { corpusPath } from '../support/paths.js';

const root = corpusPath('zeebe-bpmn-model', 'bpmn-model-test', 'io', 'camunda', 'zeebe', 'model', 'bpmn');

function bpmnFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) return bpmnFiles(full);
    return entry.endsWith('.bpmn') ? [full] : [];
  });
}

const load = (relative: string) => importModel(readFileSync(path.join(root, relative)));

describe('Zeebe model corpus', () => {
  it('imports every file without throwing', async () => {
    const files = bpmnFiles(root);
    assert.ok(files.length >= 29, `${files.length} files`);
    for (const file of files) {
      const result = await importModel(readFileSync(file));
      assert.equal(result.valid, !result.diagnostics.some((d) => d.severity === 'error'), file);
    }
  });

  it('reports the data store of non-executable-elements.bpmn as ignored', async () => {
    const result = await load('validation/non-executable-elements.bpmn');
    const store = result.diagnostics.find((d) => d.element === 'my-data-store');
    assert.equal(store?.code, 'caseflow.unsupported-element');
    assert.equal(store?.severity, 'warning');
  });

  it('reads the task type and warns that execution listeners are not run', async () => {
    const result = await load('instance/zeebe/ZeebeExecutionListenersTest.bpmn');
    assert.deepEqual(result.graphs[0]?.nodes['service_task']?.job, {
      type: 'task_type',
      retries: 8,
      headers: {},
    });
    const listeners = result.diagnostics.find((d) => d.element === 'service_task');
    assert.match(listeners?.message ?? '', /zeebe:ExecutionListeners .* is ignored/);
  });

  it('compiles the model walker fixture: job type, fork and join', async () => {
    // Its diagram names a process that does not exist (an import error), so compile the process directly.
    const sink = new DiagnosticSink();
    const xml = readFileSync(path.join(root, 'traversal/ModelWalkerTest.bpmn'), 'utf8');
    const parsed = await parseDefinitions(xml, sink);
    assert.ok(parsed);
    const model = indexModel(parsed.definitions);
    const graph = model.processes[0] ? compileProcess(model.processes[0], model) : undefined;
    assert.deepEqual(graph?.nodes['timer']?.eventDefinitions, [
      { kind: 'timer', timeDuration: { language: 'literal', source: 'PT15S' } },
    ]);
    assert.deepEqual(graph?.flows['Flow_1yxvdzm']?.condition, {
      language: 'feel',
      source: 'day of week(today()) = "Tuesday"',
    });
    assert.equal(graph?.nodes['task']?.job?.type, 'task');
    assert.deepEqual(graph?.nodes['fork']?.outgoing, ['Flow_0829k0f', 'Flow_1yxvdzm']);
    assert.deepEqual(graph?.nodes['join']?.incoming, ['Flow_1mj7vtb', 'Flow_1e9zid1']);
  });

  it('rejects the old JSONPath-style condition of default-flow.bpmn as invalid FEEL', async () => {
    const result = await load('validation/default-flow.bpmn');
    const invalid = result.diagnostics.filter((d) => d.code === 'caseflow.expression-invalid');
    assert.deepEqual(
      invalid.map((d) => d.element),
      ['SequenceFlow_1hlr3xw'],
    );
  });
});
