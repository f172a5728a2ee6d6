import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow, job } from '../support/flow-xml.js';
import { executableProcess } from '../support/models.js';
import { driverFor, type Driver } from './harness.js';

const conditional = (condition: string) =>
  `<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${condition}</bpmn:condition></bpmn:conditionalEventDefinition>`;

const withXsi = (xml: string) =>
  xml.replace(
    '<bpmn:definitions ',
    '<bpmn:definitions xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ',
  );

/** Completes the job waiting at `element` with `variables`. */
function complete(driver: Driver, element: string, variables = {}): void {
  driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt(element), variables });
}

describe('engine: conditional events', () => {
  it('waits at a conditional catch until a variable change makes its condition true', async () => {
    const model =
      executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
      ${flow('f1', 'fork', 'until')}${flow('f2', 'fork', 'work')}
      <bpmn:intermediateCatchEvent id="until">${conditional('=approved = true')}</bpmn:intermediateCatchEvent>${flow('f3', 'until', 'endA')}<bpmn:endEvent id="endA" />
      ${job('work', 'w')}${flow('f4', 'work', 'endB')}<bpmn:endEvent id="endB" />`);
    const driver = (await driverFor(withXsi(model))).start({ approved: false });
    assert.equal(driver.state.elementInstances[driver.instanceAt('until')]?.wait?.kind, 'conditional');
    complete(driver, 'work', { approved: true });
    assert.deepEqual(driver.completed().slice(-4), ['work', 'endB', 'until', 'endA']);
    assert.equal(driver.state.status, 'completed');
  });

  it('passes a conditional catch at once when its condition already holds', async () => {
    const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'until')}
      <bpmn:intermediateCatchEvent id="until">${conditional('=ready')}</bpmn:intermediateCatchEvent>${flow('f1', 'until', 'end')}<bpmn:endEvent id="end" />`);
    const driver = (await driverFor(withXsi(model))).start({ ready: true });
    assert.equal(driver.state.status, 'completed');
  });

  it('interrupts an activity when its conditional boundary becomes true', async () => {
    const model =
      executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
      ${flow('f1', 'fork', 'review')}${flow('f2', 'fork', 'work')}
      <bpmn:userTask id="review" />${flow('f3', 'review', 'endA')}<bpmn:endEvent id="endA" />
      <bpmn:boundaryEvent id="cancelled" attachedToRef="review">${conditional('=cancelled')}</bpmn:boundaryEvent>
      ${flow('f5', 'cancelled', 'endC')}<bpmn:endEvent id="endC" />
      ${job('work', 'w')}${flow('f4', 'work', 'endB')}<bpmn:endEvent id="endB" />`);
    const driver = (await driverFor(withXsi(model))).start();
    complete(driver, 'work', { cancelled: true });
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(
      driver.commandsOf('cancelWork').map((command) => command.element),
      ['review'],
    );
    assert.deepEqual(driver.completed().slice(-2), ['cancelled', 'endC']);
  });

  it('fires a non-interrupting conditional boundary each time its condition becomes true, not while it stays true', async () => {
    const model =
      executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
      ${flow('f1', 'fork', 'review')}${flow('f2', 'fork', 'j1')}
      <bpmn:userTask id="review" />${flow('f3', 'review', 'endA')}<bpmn:endEvent id="endA" />
      <bpmn:boundaryEvent id="high" attachedToRef="review" cancelActivity="false">${conditional('=level &gt; 5')}</bpmn:boundaryEvent>
      ${flow('f5', 'high', 'endH')}<bpmn:endEvent id="endH" />
      ${job('j1', 'w')}${flow('f6', 'j1', 'j2')}${job('j2', 'w')}${flow('f7', 'j2', 'j3')}${job('j3', 'w')}${flow('f8', 'j3', 'j4')}${job('j4', 'w')}
      ${flow('f9', 'j4', 'endB')}<bpmn:endEvent id="endB" />`);
    const driver = (await driverFor(withXsi(model))).start({ level: 0 });
    const fired = () => driver.completed().filter((element) => element === 'high').length;
    complete(driver, 'j1', { level: 7 });
    assert.equal(fired(), 1);
    complete(driver, 'j2', { level: 8 });
    assert.equal(fired(), 1, 'still true: no new firing');
    complete(driver, 'j3', { level: 1 });
    complete(driver, 'j4', { level: 9 });
    assert.equal(fired(), 2);
    assert.ok(driver.instanceAt('review'));
  });

  it('starts a conditional event sub-process when its condition becomes true', async () => {
    const model =
      executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'work')}${job('work', 'w')}
      ${flow('f1', 'work', 'review')}<bpmn:userTask id="review" />${flow('f2', 'review', 'end')}<bpmn:endEvent id="end" />
      <bpmn:subProcess id="urgent" triggeredByEvent="true">
        <bpmn:startEvent id="urgentStart">${conditional('=priority = "high"')}</bpmn:startEvent>
        ${flow('u0', 'urgentStart', 'urgentEnd')}<bpmn:endEvent id="urgentEnd" />
      </bpmn:subProcess>`);
    const driver = (await driverFor(withXsi(model))).start({ priority: 'low' });
    assert.ok(!driver.completed().includes('urgentStart'));
    complete(driver, 'work', { priority: 'high' });
    assert.deepEqual(driver.completed().slice(-3), ['urgentStart', 'urgentEnd', 'urgent']);
    assert.equal(driver.state.status, 'completed', 'the interrupting start ended the process scope');
  });

  it('lets a condition win the race at an event-based gateway', async () => {
    const model =
      executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
      ${flow('f1', 'fork', 'race')}${flow('f2', 'fork', 'work')}<bpmn:eventBasedGateway id="race" />
      ${flow('r1', 'race', 'ready')}${flow('r2', 'race', 'timeout')}
      <bpmn:intermediateCatchEvent id="ready">${conditional('=done')}</bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      ${flow('r3', 'ready', 'endA')}${flow('r4', 'timeout', 'endA')}<bpmn:endEvent id="endA" />
      ${job('work', 'w')}${flow('f4', 'work', 'endB')}<bpmn:endEvent id="endB" />`);
    const driver = (await driverFor(withXsi(model))).start();
    complete(driver, 'work', { done: true });
    assert.equal(driver.state.status, 'completed');
    assert.equal(driver.commandsOf('cancelTimer').length, 1);
    assert.ok(driver.completed().includes('ready'));
  });
});
