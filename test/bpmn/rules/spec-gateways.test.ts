import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executableProcess } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

const split = (gateway: string, branches: string): string =>
  executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
  ${gateway}
  ${branches}
  <bpmn:sequenceFlow id="a" sourceRef="gw" targetRef="x" />
  <bpmn:sequenceFlow id="b" sourceRef="gw" targetRef="y" />
  <bpmn:sequenceFlow id="xa" sourceRef="x" targetRef="end" />
  <bpmn:sequenceFlow id="yb" sourceRef="y" targetRef="end" />
  <bpmn:endEvent id="end" />`);

const tasks = '<bpmn:task id="x" /><bpmn:task id="y" />';

describe('spec rule: gateways', () => {
  it('accepts a diverging exclusive gateway', async () => {
    assert.deepEqual(
      await specErrorCodes(split('<bpmn:exclusiveGateway id="gw" gatewayDirection="Diverging" />', tasks)),
      [],
    );
  });

  it('reports a converging gateway with several outgoing flows', async () => {
    assert.deepEqual(
      await specErrorCodes(split('<bpmn:exclusiveGateway id="gw" gatewayDirection="Converging" />', tasks)),
      ['spec.gateway-direction'],
    );
  });

  it('reports a gateway that neither splits nor merges', async () => {
    const xml = executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
  <bpmn:parallelGateway id="gw" />
  <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="end" />
  <bpmn:endEvent id="end" />`);
    assert.deepEqual(await specErrorCodes(xml), ['spec.gateway-direction']);
  });

  it('accepts an event-based gateway followed by catch events', async () => {
    const events = `<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="y"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>`;
    assert.deepEqual(await specErrorCodes(split('<bpmn:eventBasedGateway id="gw" />', events)), []);
  });

  it('reports an event-based gateway followed by a task', async () => {
    const targets = `<bpmn:task id="x" /><bpmn:intermediateCatchEvent id="y"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>`;
    assert.deepEqual(await specErrorCodes(split('<bpmn:eventBasedGateway id="gw" />', targets)), [
      'spec.event-based-gateway',
    ]);
  });
});
