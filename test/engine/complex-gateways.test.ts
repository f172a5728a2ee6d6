import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow, job } from '../support/flow-xml.js';
import { executableProcess } from '../support/models.js';
import { driverFor, run } from './harness.js';

/** A parallel split into jobs a, b, c merged by a complex gateway with the given activation condition. */
const threeWay = (activation: string) =>
  executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
    ${['a', 'b', 'c'].map((id) => `${flow(`to${id}`, 'fork', id)}${job(id, id)}${flow(`from${id}`, id, 'merge')}`).join('')}
    <bpmn:complexGateway id="merge">${activation}</bpmn:complexGateway>${flow('f9', 'merge', 'after')}${job('after', 'after')}
    ${flow('f10', 'after', 'end')}<bpmn:endEvent id="end" />`);

const activation = (condition: string) =>
  `<bpmn:activationCondition xsi:type="bpmn:tFormalExpression">${condition}</bpmn:activationCondition>`;

const withXsi = (xml: string) =>
  xml.replace(
    '<bpmn:definitions ',
    '<bpmn:definitions xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ',
  );

describe('engine: complex gateway', () => {
  it('fires once its activation condition holds and absorbs the rest of the wave (2 of 3)', async () => {
    const driver = (await driverFor(withXsi(threeWay(activation('=activationCount = 2'))))).start();
    driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('b') });
    assert.ok(!driver.completed().includes('merge'));
    driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('a') });
    assert.deepEqual(driver.completed().slice(-2), ['a', 'merge']);
    assert.ok(driver.instanceAt('after'));
    driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('c') });
    assert.equal(driver.completed().filter((element) => element === 'merge').length, 1, 'c is absorbed');
    assert.deepEqual(Object.keys(driver.state.joins), [], 'the gateway reset once no token could arrive');
    driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('after') });
    assert.equal(driver.state.status, 'completed');
  });

  it('acts as a discriminator with activationCount >= 1: the first token wins', async () => {
    const result = await run(withXsi(threeWay(activation('=activationCount &gt;= 1'))));
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => entry.element),
      ['start', 'fork', 'a', 'merge', 'b', 'c', 'after', 'end'],
    );
  });

  it('without an activation condition waits like an inclusive join for every token that can arrive', async () => {
    const result = await run(threeWay(''));
    assert.deepEqual(
      result.trace.map((entry) => entry.element),
      ['start', 'fork', 'a', 'b', 'c', 'merge', 'after', 'end'],
    );
  });

  it('splits like an inclusive gateway: every true flow, else the default', async () => {
    const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'split')}
      <bpmn:complexGateway id="split" default="fallback" />${flow('x', 'split', 'endX', '=x')}${flow('y', 'split', 'endY', '=y')}
      ${flow('fallback', 'split', 'endZ')}<bpmn:endEvent id="endX" /><bpmn:endEvent id="endY" /><bpmn:endEvent id="endZ" />`);
    const both = await run(model, {}, { variables: { x: true, y: true } });
    assert.deepEqual(both.trace.map((entry) => entry.element).slice(2), ['endX', 'endY']);
    const neither = await run(model, {}, { variables: { x: false, y: false } });
    assert.deepEqual(neither.trace.map((entry) => entry.element).slice(2), ['endZ']);
  });
});
