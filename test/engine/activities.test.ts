import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executableProcess } from '../support/models.js';
import { flow, job } from '../support/flow-xml.js';
import { driverFor, elements, run } from './harness.js';

const around = (body: string, id: string) =>
  executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', id)}${body}${flow('f9', id, 'end')}
  <bpmn:endEvent id="end" />`);

describe('engine: activities', () => {
  it('creates a user task and continues with the variables it was completed with', async () => {
    const driver = (
      await driverFor(
        around(
          '<bpmn:userTask id="review" name="Review"><bpmn:extensionElements><zeebe:formDefinition formKey="f1" /></bpmn:extensionElements></bpmn:userTask>',
          'review',
        ),
      )
    ).start();
    const [command] = driver.commandsOf('createUserTask');
    assert.equal(command?.element, 'review');
    assert.equal(command.name, 'Review');
    assert.equal(driver.state.status, 'active');
    driver.send({
      type: 'userTaskCompleted',
      elementInstance: command.elementInstance,
      variables: { approved: true },
    });
    assert.deepEqual(driver.variables(), { approved: true });
    assert.equal(driver.state.status, 'completed');
  });

  for (const tag of ['serviceTask', 'sendTask', 'businessRuleTask']) {
    it(`runs a ${tag} as a job of its type and waits for the result`, async () => {
      const driver = (await driverFor(around(job('work', 'do-it', tag), 'work'))).start({ input: 1 });
      const [command] = driver.commandsOf('runJob');
      assert.equal(command?.jobType, 'do-it');
      assert.deepEqual(command.variables, { input: 1 });
      driver.send({
        type: 'jobCompleted',
        elementInstance: command.elementInstance,
        variables: { output: 2 },
      });
      assert.deepEqual(driver.variables(), { input: 1, output: 2 });
      assert.deepEqual(driver.completed(), ['start', 'work', 'end']);
    });
  }

  it('raises an incident when a job fails and runs the job again when the incident is resolved', async () => {
    const driver = (await driverFor(around(job('work', 'flaky'), 'work'))).start();
    const first = driver.instanceAt('work');
    driver.send({ type: 'jobFailed', elementInstance: first, message: 'connection refused' });
    const [incident] = Object.values(driver.state.incidents);
    assert.deepEqual([incident?.code, incident?.message], ['job-failed', 'connection refused']);
    driver.send({ type: 'jobCompleted', elementInstance: first });
    assert.equal(driver.state.status, 'active', 'a job at an incident does not complete');
    driver.send({ type: 'incidentResolved', incident: incident?.id ?? '' });
    assert.equal(driver.commandsOf('runJob').length, 2);
    driver.send({ type: 'jobCompleted', elementInstance: first });
    assert.equal(driver.state.status, 'completed');
  });

  it('fails the instance when a job throws a BPMN error nothing catches', async () => {
    const result = await run(around(job('work', 'pay'), 'work'), {
      jobs: { pay: [{ error: { code: 'NO_FUNDS', message: 'empty' } }] },
    });
    assert.equal(result.state, 'failed');
    assert.deepEqual(result.error, { code: 'NO_FUNDS', message: 'empty' });
    assert.deepEqual(
      result.trace.map((entry) => [entry.element, entry.event]),
      [
        ['start', 'completed'],
        ['work', 'terminated'],
      ],
    );
  });

  it('evaluates a FEEL script task into its result variable', async () => {
    const result = await run(
      around(
        '<bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="=price * quantity" resultVariable="total" /></bpmn:extensionElements></bpmn:scriptTask>',
        'calc',
      ),
      {},
      { variables: { price: 2.5, quantity: 4 } },
    );
    assert.equal(result.state, 'completed');
    assert.equal(result.variables.total, 10);
  });

  it('completes manual and none tasks at once', async () => {
    const result = await run(
      executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'm')}<bpmn:manualTask id="m" />
        ${flow('f1', 'm', 't')}<bpmn:task id="t" />${flow('f2', 't', 'end')}<bpmn:endEvent id="end" />`),
    );
    assert.deepEqual(elements(result), ['start', 'm', 't', 'end']);
    assert.equal(result.state, 'completed');
  });

  it('waits in a receive task for its message, matched by name and correlation key', async () => {
    const model = `${executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'recv')}
      <bpmn:receiveTask id="recv" messageRef="m" />${flow('f1', 'recv', 'end')}<bpmn:endEvent id="end" />`).replace(
      '</bpmn:definitions>',
      '<bpmn:message id="m" name="paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message></bpmn:definitions>',
    )}`;
    const driver = (await driverFor(model)).start({ orderId: 'o-1' });
    assert.deepEqual(driver.commandsOf('subscribeMessage')[0], {
      kind: 'subscribeMessage',
      elementInstance: driver.instanceAt('recv'),
      messageName: 'paid',
      correlationKey: 'o-1',
    });
    driver.send({ type: 'messageReceived', messageName: 'paid', correlationKey: 'o-2' });
    assert.equal(driver.state.status, 'active', 'another order key does not correlate');
    driver.send({
      type: 'messageReceived',
      messageName: 'paid',
      correlationKey: 'o-1',
      variables: { amount: 3 },
    });
    assert.equal(driver.state.status, 'completed');
    assert.equal(driver.variables().amount, 3);
  });

  it('maps inputs into local variables and only mapped outputs back to the process', async () => {
    const driver = (
      await driverFor(
        around(
          `<bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="t" /><zeebe:ioMapping>
             <zeebe:input source="=order.id" target="id" /><zeebe:output source="=result * 2" target="doubled" />
           </zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>`,
          'work',
        ),
      )
    ).start({ order: { id: 7 } });
    const [command] = driver.commandsOf('runJob');
    assert.deepEqual(command?.variables, { order: { id: 7 }, id: 7 });
    driver.send({
      type: 'jobCompleted',
      elementInstance: command.elementInstance,
      variables: { result: 21 },
    });
    assert.deepEqual(driver.variables(), { order: { id: 7 }, doubled: 42 });
  });

  it('raises an incident for an input mapping that fails and retries it with changed variables', async () => {
    const driver = (
      await driverFor(
        around(
          `<bpmn:serviceTask id="u"><bpmn:extensionElements><zeebe:taskDefinition type="t" /><zeebe:ioMapping><zeebe:input source="\${a}" target="b" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>`,
          'u',
        ),
      )
    ).start();
    const [incident] = Object.values(driver.state.incidents);
    assert.equal(incident?.code, 'expression-failed');
    assert.equal(driver.commandsOf('runJob').length, 0);
    driver.send({ type: 'incidentResolved', incident: incident.id, variables: { a: 5 } });
    assert.deepEqual(driver.state.incidents, {});
    assert.deepEqual(driver.commandsOf('runJob')[0]?.variables, { a: 5, b: 5 });
  });
});
