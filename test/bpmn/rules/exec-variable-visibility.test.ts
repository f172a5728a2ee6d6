import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importModel } from '../../../shared/bpmn/index.js';
import { definitions } from '../../support/models.js';
import { diagnose, summary } from './diagnose.js';

const codes = [
  'caseflow.restricted-variable-name',
  'caseflow.restricted-variable-duplicate',
  'caseflow.restricted-variable-role',
  'caseflow.variable-visibility-placement',
] as const;

/** A valid process whose extension elements are `extensions`; `taskExtensions` go on its task. */
function model(extensions: string, taskExtensions = ''): string {
  return definitions(`<bpmn:process id="p" isExecutable="true">
  <bpmn:extensionElements>${extensions}</bpmn:extensionElements>
  <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
  <bpmn:userTask id="task"><bpmn:extensionElements>${taskExtensions}</bpmn:extensionElements></bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" /><bpmn:endEvent id="end" />
</bpmn:process>`);
}

const visibility = (entries: string) =>
  `<caseflow:variableVisibility>${entries}</caseflow:variableVisibility>`;

describe('caseflow:variableVisibility', () => {
  it('compiles restricted variables with their roles and groups into the graph', async () => {
    const result = await importModel(
      model(
        visibility(`<caseflow:restrictedVariable name="salary" roles="designer" groups=" hr , payroll,hr" />
          <caseflow:restrictedVariable name="diagnosis" />`),
      ),
    );
    assert.deepEqual(result.graphs[0]?.restrictedVariables, [
      { name: 'salary', roles: ['designer'], groups: ['hr', 'payroll'] },
      { name: 'diagnosis', roles: [], groups: [] },
    ]);
    assert.deepEqual(
      await diagnose(
        model(visibility('<caseflow:restrictedVariable name="x" roles="worker, automation" />')),
        ...codes,
      ),
      [],
    );
  });

  it('leaves the graph of a model without declarations as it was (no restrictedVariables, same hash)', async () => {
    const plain = (await importModel(model(''))).graphs[0];
    assert.ok(plain);
    assert.equal('restrictedVariables' in plain, false);
    const restricted = (await importModel(model(visibility('<caseflow:restrictedVariable name="x" />'))))
      .graphs[0];
    assert.notEqual(restricted?.hash, plain.hash);
  });

  it('reports a restricted variable without a name', async () => {
    const found = await diagnose(
      model(
        visibility('<caseflow:restrictedVariable roles="worker" /><caseflow:restrictedVariable name=" " />'),
      ),
      ...codes,
    );
    assert.deepEqual(summary(found), [
      ['caseflow.restricted-variable-name', 'p', 'error'],
      ['caseflow.restricted-variable-name', 'p', 'error'],
    ]);
  });

  it('reports a variable restricted twice', async () => {
    const found = await diagnose(
      model(
        visibility(
          '<caseflow:restrictedVariable name="salary" /><caseflow:restrictedVariable name="salary" roles="worker" />',
        ),
      ),
      ...codes,
    );
    assert.deepEqual(summary(found), [['caseflow.restricted-variable-duplicate', 'p', 'error']]);
    assert.match(found[0]?.message ?? '', /"salary"/);
  });

  it('reports roles Caseflow does not know', async () => {
    const found = await diagnose(
      model(visibility('<caseflow:restrictedVariable name="salary" roles="worker, HR.Manager" />')),
      ...codes,
    );
    assert.deepEqual(summary(found), [['caseflow.restricted-variable-role', 'p', 'error']]);
    assert.match(found[0]?.message ?? '', /HR\.Manager/);
  });

  it('warns that a declaration outside a process is ignored', async () => {
    const found = await diagnose(
      model('', visibility('<caseflow:restrictedVariable name="salary" />')),
      ...codes,
    );
    assert.deepEqual(summary(found), [['caseflow.variable-visibility-placement', 'task', 'warning']]);
  });
});
