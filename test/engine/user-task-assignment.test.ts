import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Variables } from '../../shared/engine/state.js';
import { flow } from '../support/flow-xml.js';
import { executableProcess } from '../support/models.js';
import { driverFor, t0, type Driver } from './harness.js';

/** start -> the given user task `task` -> end, started with `variables`. */
async function startWith(userTask: string, variables: Variables = {}): Promise<Driver> {
  const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'task')}${userTask}
    ${flow('f1', 'task', 'end')}<bpmn:endEvent id="end" />`);
  return (await driverFor(model)).start(variables);
}

const zeebeTask = (extensions: string) =>
  `<bpmn:userTask id="task"><bpmn:extensionElements>${extensions}</bpmn:extensionElements></bpmn:userTask>`;

const escapeXml = (text: string) => text.replaceAll('"', '&quot;');

describe('engine: user task assignment', () => {
  it('fills the assignment from Camunda 8 assignment, schedule and priority definitions with FEEL and static values', async () => {
    const driver = await startWith(
      zeebeTask(`<zeebe:assignmentDefinition assignee="=owner" candidateUsers="ann, bob" candidateGroups="${escapeXml('=["sales", team]')}" />
        <zeebe:taskSchedule dueDate="${escapeXml('=now() + duration("P2D")')}" followUpDate="2000-01-01T12:00:00+02:00" />
        <zeebe:priorityDefinition priority="=level * 10" />`),
      { owner: 'carol', team: 'support', level: 7 },
    );
    const [command] = driver.commandsOf('createUserTask');
    assert.deepEqual(command?.assignment, {
      assignee: 'carol',
      candidateUsers: ['ann', 'bob'],
      candidateGroups: ['sales', 'support'],
      dueDate: '2000-01-03T00:00:00.000Z',
      followUpDate: '2000-01-01T10:00:00.000Z',
      priority: 70,
    });
    assert.equal(driver.state.status, 'active');
  });

  it('fills the assignment from Camunda 7 attributes with JUEL references and static values', async () => {
    const driver = await startWith(
      `<bpmn:userTask id="task" camunda:assignee="\${initiator}" camunda:candidateUsers="\${reviewers}" camunda:candidateGroups="managers,,  auditors "
        camunda:dueDate="P1DT2H" camunda:followUpDate="\${reminder}" camunda:priority="250" />`,
      { initiator: 'dave', reviewers: 'erin,frank', reminder: '2000-01-05' },
    );
    const [command] = driver.commandsOf('createUserTask');
    assert.deepEqual(command?.assignment, {
      assignee: 'dave',
      candidateUsers: ['erin', 'frank'],
      candidateGroups: ['managers', 'auditors'],
      // A duration counts from the engine clock (Camunda 7's due date calendar).
      dueDate: new Date(Date.parse(t0) + 26 * 3600_000).toISOString(),
      followUpDate: '2000-01-05T00:00:00.000Z',
      // Camunda 7 priorities are any whole number.
      priority: 250,
    });
  });

  it('evaluates the assignment over the input-mapped locals of the task', async () => {
    const driver = await startWith(
      zeebeTask(`<zeebe:ioMapping><zeebe:input source="=lead.name" target="who" /></zeebe:ioMapping>
        <zeebe:assignmentDefinition assignee="=who" />`),
      { lead: { name: 'gina' } },
    );
    assert.deepEqual(driver.commandsOf('createUserTask')[0]?.assignment, { assignee: 'gina' });
  });

  it('leaves the assignment out when the model has none, and a value that is null out of it', async () => {
    const plain = await startWith('<bpmn:userTask id="task" />');
    const [command] = plain.commandsOf('createUserTask');
    assert.ok(command);
    assert.equal('assignment' in command, false);
    const partly = await startWith(
      zeebeTask('<zeebe:assignmentDefinition assignee="=nobody" candidateGroups="=groups" />'),
      { groups: ['ops'] },
    );
    assert.deepEqual(partly.commandsOf('createUserTask')[0]?.assignment, { candidateGroups: ['ops'] });
  });

  const failures: { title: string; task: string; code: string; mentions: string[] }[] = [
    {
      title: 'a JUEL reference to a missing variable',
      task: '<bpmn:userTask id="task" camunda:candidateGroups="${missing}" />',
      code: 'expression-failed',
      mentions: ['candidate groups of task', '${missing}'],
    },
    {
      title: 'an assignee that is not a text',
      task: zeebeTask('<zeebe:assignmentDefinition assignee="=42" />'),
      code: 'invalid-assignment',
      mentions: ['assignee of task', '=42'],
    },
    {
      title: 'candidate groups that are not texts',
      task: zeebeTask('<zeebe:assignmentDefinition candidateGroups="=[1, 2]" />'),
      code: 'invalid-assignment',
      mentions: ['candidate groups of task', '=[1, 2]'],
    },
    {
      title: 'a due date that is not a date-time',
      task: zeebeTask('<zeebe:taskSchedule dueDate="tomorrow" />'),
      code: 'invalid-assignment',
      mentions: ['due date of task', 'tomorrow'],
    },
    {
      title: 'a Camunda 8 priority out of 0 to 100',
      task: zeebeTask('<zeebe:priorityDefinition priority="=101" />'),
      code: 'invalid-assignment',
      mentions: ['priority of task', '=101', 'from 0 to 100'],
    },
    {
      title: 'a priority that is not a whole number',
      task: zeebeTask('<zeebe:priorityDefinition priority="=2.5" />'),
      code: 'invalid-assignment',
      mentions: ['priority of task', '=2.5'],
    },
  ];
  for (const failure of failures) {
    it(`raises an incident naming the element and the expression for ${failure.title}, without creating the task`, async () => {
      const driver = await startWith(failure.task);
      assert.equal(driver.commandsOf('createUserTask').length, 0);
      const [incident] = Object.values(driver.state.incidents);
      assert.equal(incident?.element, 'task');
      assert.equal(incident.code, failure.code);
      for (const mention of failure.mentions) assert.ok(incident.message.includes(mention), incident.message);
    });
  }

  it('creates the task once the incident is resolved with variables that fit', async () => {
    const driver = await startWith(zeebeTask('<zeebe:assignmentDefinition assignee="=owner" />'), {
      owner: 7,
    });
    const [incident] = Object.values(driver.state.incidents);
    assert.equal(incident?.code, 'invalid-assignment');
    driver.send({ type: 'incidentResolved', incident: incident.id, variables: { owner: 'hana' } });
    assert.deepEqual(driver.commandsOf('createUserTask')[0]?.assignment, { assignee: 'hana' });
    assert.deepEqual(Object.keys(driver.state.incidents), []);
  });
});
