import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executableProcess } from '../../support/models.js';
import { diagnose, summary } from './diagnose.js';

const unreachable = async (flowElements: string) =>
  summary(await diagnose(executableProcess(flowElements), 'caseflow.unreachable-node'));

describe('exec-reachability rule', () => {
  it('warns about a node no flow leads to, even when the model has no <incoming> elements', async () => {
    assert.deepEqual(
      await unreachable(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />
        <bpmn:endEvent id="e" /><bpmn:task id="orphan" /><bpmn:sequenceFlow id="g" sourceRef="orphan" targetRef="e" />`),
      [['caseflow.unreachable-node', 'orphan', 'warning']],
    );
  });

  it('reaches boundary events of reachable activities and what follows them', async () => {
    assert.deepEqual(
      await unreachable(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />
        <bpmn:task id="t" /><bpmn:sequenceFlow id="g" sourceRef="t" targetRef="e" /><bpmn:endEvent id="e" />
        <bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="h" sourceRef="b" targetRef="late" /><bpmn:endEvent id="late" />`),
      [],
    );
  });

  it('reaches event sub-processes, compensation handlers and link catch events', async () => {
    assert.deepEqual(
      await unreachable(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="go" />
        <bpmn:intermediateThrowEvent id="go"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateThrowEvent>
        <bpmn:intermediateCatchEvent id="land"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="g" sourceRef="land" targetRef="e" /><bpmn:endEvent id="e" />
        <bpmn:task id="undo" isForCompensation="true" />
        <bpmn:subProcess id="handler" triggeredByEvent="true">
          <bpmn:startEvent id="hs"><bpmn:messageEventDefinition /></bpmn:startEvent>
          <bpmn:sequenceFlow id="hf" sourceRef="hs" targetRef="he" /><bpmn:endEvent id="he" />
        </bpmn:subProcess>`),
      [],
    );
  });

  it('reports an unreachable sub-process once, not its contents', async () => {
    assert.deepEqual(
      await unreachable(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" /><bpmn:endEvent id="e" />
        <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" /><bpmn:sequenceFlow id="sf" sourceRef="ss" targetRef="se" /><bpmn:endEvent id="se" /></bpmn:subProcess>`),
      [['caseflow.unreachable-node', 'sub', 'warning']],
    );
  });

  it('reports unreachable nodes inside a reachable sub-process', async () => {
    assert.deepEqual(
      await unreachable(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="sub" />
        <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" /><bpmn:sequenceFlow id="sf" sourceRef="ss" targetRef="se" />
          <bpmn:endEvent id="se" /><bpmn:task id="stray" /><bpmn:sequenceFlow id="sg" sourceRef="stray" targetRef="se" /></bpmn:subProcess>
        <bpmn:sequenceFlow id="g" sourceRef="sub" targetRef="e" /><bpmn:endEvent id="e" />`),
      [['caseflow.unreachable-node', 'stray', 'warning']],
    );
  });

  it('treats nodes without incoming flows in a scope without start events as started', async () => {
    assert.deepEqual(
      await unreachable(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="sub" />
        <bpmn:subProcess id="sub"><bpmn:task id="first" /><bpmn:sequenceFlow id="sf" sourceRef="first" targetRef="second" /><bpmn:task id="second" /></bpmn:subProcess>`),
      [],
    );
  });
});
