import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../shared/bpmn/diagnostics.js';
import { indexModel, type ModelIndex } from '../../../shared/bpmn/model-index.js';
import type { ModdleElement } from '../../../shared/bpmn/moddle-element.js';
import { parseDefinitions } from '../../../shared/bpmn/parse.js';
import { describeElement, elementDescription } from '../../../shared/bpmn/element-description.js';
import { at, atOwn, inExecutableProcess, processOf } from '../../../shared/bpmn/rules/element-helpers.js';
import { definitions } from '../../support/models.js';

async function indexed(body: string): Promise<{ model: ModelIndex; byId: (id: string) => ModdleElement }> {
  const parsed = await parseDefinitions(definitions(body), new DiagnosticSink());
  assert.ok(parsed);
  const byId = (id: string) => parsed.elementsById[id] as ModdleElement;
  return { model: indexModel(parsed.definitions), byId };
}

const nested = `
  <bpmn:process id="outer" isExecutable="true">
    <bpmn:subProcess id="level1"><bpmn:subProcess id="level2">
      <bpmn:intermediateCatchEvent id="wait" name="  Wait
        a bit "><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>
    </bpmn:subProcess></bpmn:subProcess>
  </bpmn:process>
  <bpmn:process id="notes"><bpmn:task id="note" /></bpmn:process>`;

describe('element helpers', () => {
  it('names an element by local type, id and (whitespace-collapsed) name', async () => {
    const { byId } = await indexed(nested);
    assert.equal(describeElement(byId('wait')), 'IntermediateCatchEvent "wait" (Wait a bit)');
    assert.equal(describeElement(byId('note')), 'Task "note"');
    assert.equal(elementDescription('bpmn:Task', undefined, undefined), 'Task');
  });

  it('clips a very long name in descriptions', () => {
    const description = elementDescription('bpmn:Task', 't', 'x'.repeat(10_000));
    assert.equal(description, `Task "t" (${'x'.repeat(80)}…)`);
  });

  it('finds the top-level process through nested sub-processes and from inside a flow node', async () => {
    const { model, byId } = await indexed(nested);
    const definition = (byId('wait')['eventDefinitions'] as ModdleElement[])[0] as ModdleElement;
    assert.equal(processOf(model, byId('wait'))?.id, 'outer');
    assert.equal(processOf(model, definition)?.id, 'outer');
    assert.equal(processOf(model, byId('outer'))?.id, 'outer');
    assert.equal(inExecutableProcess(model, definition), true);
    assert.equal(inExecutableProcess(model, byId('note')), false);
  });

  it('points a diagnostic at the nearest id with at() and only at the own id with atOwn()', async () => {
    const { byId } = await indexed(nested);
    const definition = (byId('wait')['eventDefinitions'] as ModdleElement[])[0] as ModdleElement;
    assert.deepEqual(at(definition), { element: 'wait' });
    assert.deepEqual(atOwn(definition), {});
    assert.deepEqual(atOwn(byId('wait')), { element: 'wait' });
  });
});
