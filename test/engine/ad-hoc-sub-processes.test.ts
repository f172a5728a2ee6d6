import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow, job } from '../support/flow-xml.js';
import { executableProcess } from '../support/models.js';
import { driverFor, run } from './harness.js';

/** start -> an ad-hoc sub-process `adhoc` (attributes, inner XML) -> end. */
const around = (attributes: string, inside: string) =>
  executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'adhoc')}
    <bpmn:adHocSubProcess id="adhoc" ${attributes}>${inside}</bpmn:adHocSubProcess>${flow('f1', 'adhoc', 'end')}<bpmn:endEvent id="end" />`);

const withXsi = (xml: string) =>
  xml.replace(
    '<bpmn:definitions ',
    '<bpmn:definitions xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ',
  );

const three = `${job('a', 'a')}${job('b', 'b')}${flow('b0', 'b', 'bNext')}<bpmn:task id="bNext" />${job('c', 'c')}`;

describe('engine: ad-hoc sub-processes', () => {
  it('starts every node without an incoming flow at once (Parallel) and completes when all have ended', async () => {
    const driver = (await driverFor(around('', three))).start();
    assert.deepEqual(
      driver.commandsOf('runJob').map((command) => command.element),
      ['a', 'b', 'c'],
    );
    for (const element of ['c', 'b', 'a'])
      driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt(element) });
    assert.deepEqual(driver.completed().slice(-6), ['c', 'b', 'bNext', 'a', 'adhoc', 'end']);
    assert.equal(driver.state.status, 'completed');
  });

  it('runs them one after the other in document order with ordering Sequential', async () => {
    const result = await run(around('ordering="Sequential"', three));
    assert.deepEqual(
      result.trace.map((entry) => entry.element),
      ['start', 'a', 'b', 'bNext', 'c', 'adhoc', 'end'],
    );
  });

  it('completes when its completion condition holds, terminating what still runs', async () => {
    const condition = `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=enough = true</bpmn:completionCondition>`;
    const driver = (await driverFor(withXsi(around('', `${three}${condition}`)))).start();
    driver.send({
      type: 'jobCompleted',
      elementInstance: driver.instanceAt('a'),
      variables: { enough: true },
    });
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(
      driver.commandsOf('cancelWork').map((command) => command.element),
      ['b', 'c'],
    );
    assert.deepEqual(driver.completed().slice(-3), ['a', 'adhoc', 'end']);
  });

  it('drops what a node sends on when the completion condition holds as it completes', async () => {
    const condition = `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=enough = true</bpmn:completionCondition>`;
    const driver = (await driverFor(withXsi(around('', `${three}${condition}`)))).start();
    driver.send({
      type: 'jobCompleted',
      elementInstance: driver.instanceAt('b'),
      variables: { enough: true },
    });
    assert.equal(driver.state.status, 'completed');
    assert.ok(!driver.completed().includes('bNext'));
  });

  describe('with a Camunda 8 activeElementsCollection', () => {
    const chosen = (collection: string) =>
      around(
        '',
        `<bpmn:extensionElements><zeebe:adHoc activeElementsCollection="${collection}" /></bpmn:extensionElements>${three}`,
      );

    it('activates exactly the listed elements, evaluated over the variables at entry', async () => {
      const driver = (await driverFor(chosen('=picked'))).start({ picked: ['c', 'bNext'] });
      assert.deepEqual(
        driver.commandsOf('runJob').map((command) => command.element),
        ['c'],
      );
      assert.ok(driver.completed().includes('bNext'));
      driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('c') });
      assert.deepEqual(driver.completed().slice(-3), ['c', 'adhoc', 'end']);
      assert.ok(!driver.completed().includes('a'));
      assert.equal(driver.state.status, 'completed');
    });

    it('completes at once when the list is empty', async () => {
      const result = await run(chosen('=[]'));
      assert.deepEqual(
        result.trace.map((entry) => entry.element),
        ['start', 'adhoc', 'end'],
      );
    });

    it('raises an incident naming the ids of no element inside', async () => {
      const driver = (await driverFor(chosen('=[&quot;a&quot;, &quot;x&quot;, &quot;y&quot;]'))).start();
      const [incident] = Object.values(driver.state.incidents);
      assert.equal(incident?.code, 'invalid-active-elements');
      assert.equal(incident?.element, 'adhoc');
      assert.match(incident?.message ?? '', /x, y/);
      assert.deepEqual(driver.commandsOf('runJob'), []);
    });

    it('raises an incident when the value is not a list of ids', async () => {
      const driver = (await driverFor(chosen('=picked'))).start({ picked: 'a' });
      const [incident] = Object.values(driver.state.incidents);
      assert.equal(incident?.code, 'invalid-active-elements');
      assert.deepEqual(driver.commandsOf('runJob'), []);
    });
  });
});
