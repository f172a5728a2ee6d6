import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcessGraph } from '../../shared/bpmn/graph.js';
import { importModel } from '../../shared/bpmn/index.js';
import { definitions, executableProcess } from '../support/models.js';

async function graphOf(xml: string): Promise<ProcessGraph> {
  const result = await importModel(xml);
  const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  assert.deepEqual(errors, []);
  const graph = result.graphs[0];
  assert.ok(graph);
  return graph;
}

/** start -> (elements, wired by the caller from `first` to `last`) -> end */
function chain(elements: string, first: string, last: string, rootElements = ''): string {
  return definitions(`${rootElements}<bpmn:process id="p" isExecutable="true">
  <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="in" sourceRef="start" targetRef="${first}" />
  ${elements}
  <bpmn:sequenceFlow id="out" sourceRef="${last}" targetRef="end" /><bpmn:endEvent id="end" /></bpmn:process>`);
}

describe('Camunda 8 (zeebe:) extensions in the compiled graph', () => {
  it('reads task type, retries, headers and io mappings of a service task', async () => {
    const graph = await graphOf(
      chain(
        `<bpmn:serviceTask id="charge"><bpmn:extensionElements>
          <zeebe:taskDefinition type="payment" retries="5" />
          <zeebe:taskHeaders><zeebe:header key="currency" value="EUR" /></zeebe:taskHeaders>
          <zeebe:ioMapping><zeebe:input source="=order.total" target="amount" /><zeebe:output source="=receipt" target="receiptId" /></zeebe:ioMapping>
        </bpmn:extensionElements></bpmn:serviceTask>`,
        'charge',
        'charge',
      ),
    );
    const node = graph.nodes['charge'];
    assert.deepEqual(node?.job, { type: 'payment', retries: 5, headers: { currency: 'EUR' } });
    assert.deepEqual(node?.io, {
      inputs: [{ target: 'amount', source: { language: 'feel', source: 'order.total' } }],
      outputs: [{ target: 'receiptId', source: { language: 'feel', source: 'receipt' } }],
    });
  });

  it('reads assignment, schedule, priority and form of a user task', async () => {
    const graph = await graphOf(
      chain(
        `<bpmn:userTask id="review"><bpmn:extensionElements>
          <zeebe:assignmentDefinition assignee="=owner" candidateGroups="sales, legal" />
          <zeebe:taskSchedule dueDate="2026-03-01T09:00:00Z" />
          <zeebe:priorityDefinition priority="80" />
          <zeebe:formDefinition formId="review-form" />
        </bpmn:extensionElements></bpmn:userTask>`,
        'review',
        'review',
      ),
    );
    assert.deepEqual(graph.nodes['review']?.userTask, {
      assignee: { language: 'feel', source: 'owner' },
      candidateGroups: { language: 'literal', source: 'sales, legal' },
      dueDate: { language: 'literal', source: '2026-03-01T09:00:00Z' },
      priority: { language: 'literal', source: '80' },
      priorityRange: { min: 0, max: 100 },
      formKey: 'review-form',
    });
  });

  it('reads the called element, script, multi-instance and message correlation', async () => {
    const graph = await graphOf(
      chain(
        `<bpmn:callActivity id="call"><bpmn:extensionElements>
          <zeebe:calledElement processId="=childId" propagateAllChildVariables="false" />
        </bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=result" />
        </bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:callActivity>
        <bpmn:sequenceFlow id="f" sourceRef="call" targetRef="calc" />
        <bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="=a + b" resultVariable="sum" /></bpmn:extensionElements></bpmn:scriptTask>
        <bpmn:sequenceFlow id="g" sourceRef="calc" targetRef="wait" />
        <bpmn:receiveTask id="wait" messageRef="m" />`,
        'call',
        'wait',
        `<bpmn:message id="m" name="paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>`,
      ),
    );
    const call = graph.nodes['call'];
    assert.deepEqual(call?.call?.processIdExpression, { language: 'feel', source: 'childId' });
    assert.equal(call?.call?.propagateAllChildVariables, false);
    assert.equal(call?.call?.propagateAllParentVariables, true);
    assert.deepEqual(call?.loop, {
      kind: 'multiInstance',
      sequential: true,
      inputCollection: { language: 'feel', source: 'items' },
      inputElement: 'item',
      outputCollection: 'results',
      outputElement: { language: 'feel', source: 'result' },
      behavior: 'All',
    });
    assert.deepEqual(graph.nodes['calc']?.script, { format: 'feel', source: 'a + b', resultVariable: 'sum' });
    assert.deepEqual(graph.nodes['wait']?.message, {
      messageName: 'paid',
      correlationKey: { language: 'feel', source: 'orderId' },
    });
  });
});

describe('Camunda 7 (camunda:) extensions in the compiled graph', () => {
  it('reads external task topics, delegate expressions and input/output parameters', async () => {
    const graph = await graphOf(
      chain(
        `<bpmn:serviceTask id="charge" camunda:type="external" camunda:topic="payment">
          <bpmn:extensionElements><camunda:inputOutput>
            <camunda:inputParameter name="amount">\${order.total}</camunda:inputParameter>
            <camunda:inputParameter name="currency">EUR</camunda:inputParameter>
            <camunda:outputParameter name="receiptId">\${receipt}</camunda:outputParameter>
          </camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask>
        <bpmn:sequenceFlow id="f" sourceRef="charge" targetRef="notify" />
        <bpmn:serviceTask id="notify" camunda:delegateExpression="\${notifier}" />`,
        'charge',
        'notify',
      ),
    );
    assert.deepEqual(graph.nodes['charge']?.job, { type: 'payment', headers: {} });
    assert.deepEqual(graph.nodes['notify']?.job, { type: '${notifier}', headers: {} });
    assert.deepEqual(graph.nodes['charge']?.io, {
      inputs: [
        { target: 'amount', source: { language: 'juel', source: '${order.total}' } },
        { target: 'currency', source: { language: 'literal', source: 'EUR' } },
      ],
      outputs: [{ target: 'receiptId', source: { language: 'juel', source: '${receipt}' } }],
    });
  });

  it('reads user task attributes and the form key', async () => {
    const graph = await graphOf(
      chain(
        '<bpmn:userTask id="review" camunda:assignee="${owner}" camunda:candidateGroups="sales" camunda:dueDate="${due}" camunda:formKey="embedded:app:forms/review.html" />',
        'review',
        'review',
      ),
    );
    assert.deepEqual(graph.nodes['review']?.userTask, {
      assignee: { language: 'juel', source: '${owner}' },
      candidateGroups: { language: 'literal', source: 'sales' },
      dueDate: { language: 'juel', source: '${due}' },
      formKey: 'embedded:app:forms/review.html',
    });
  });

  it('reads attributes bound to the Activiti namespace as Camunda 7 attributes', async () => {
    const xml = chain(
      '<bpmn:userTask id="review" activiti:assignee="${owner}" activiti:formKey="review" />',
      'review',
      'review',
    ).replace('id="definitions"', 'xmlns:activiti="http://activiti.org/bpmn" id="definitions"');
    const graph = await graphOf(xml);
    assert.deepEqual(graph.nodes['review']?.userTask, {
      assignee: { language: 'juel', source: '${owner}' },
      formKey: 'review',
    });
  });

  it('reads call activity bindings, collections and script format', async () => {
    const graph = await graphOf(
      chain(
        `<bpmn:callActivity id="call" calledElement="child"><bpmn:extensionElements>
          <camunda:in source="order" target="childOrder" /><camunda:in sourceExpression="\${a}" target="b" />
          <camunda:out variables="all" />
        </bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics camunda:collection="\${items}" camunda:elementVariable="item" /></bpmn:callActivity>
        <bpmn:sequenceFlow id="f" sourceRef="call" targetRef="s" />
        <bpmn:scriptTask id="s" scriptFormat="feel" camunda:resultVariable="r"><bpmn:script>1 + 2</bpmn:script></bpmn:scriptTask>`,
        'call',
        's',
      ),
    );
    const call = graph.nodes['call'];
    assert.deepEqual(call?.call, {
      processId: 'child',
      propagateAllChildVariables: true,
      propagateAllParentVariables: false,
      inputs: [
        { target: 'childOrder', source: { language: 'feel', source: 'order' } },
        { target: 'b', source: { language: 'juel', source: '${a}' } },
      ],
      outputs: [],
    });
    assert.equal(call?.loop?.kind, 'multiInstance');
    assert.deepEqual(call?.loop?.kind === 'multiInstance' ? call.loop.inputCollection : undefined, {
      language: 'juel',
      source: '${items}',
    });
    assert.deepEqual(graph.nodes['s']?.script, { format: 'feel', source: '1 + 2', resultVariable: 'r' });
  });

  it('reads the delegate of a message throw event from its event definition', async () => {
    const graph = await graphOf(
      chain(
        '<bpmn:intermediateThrowEvent id="send"><bpmn:messageEventDefinition camunda:type="external" camunda:topic="mail" /></bpmn:intermediateThrowEvent>',
        'send',
        'send',
      ),
    );
    assert.deepEqual(graph.nodes['send']?.job, { type: 'mail', headers: {} });
  });
});

describe('Camunda 8 ad-hoc sub-process extensions in the compiled graph', () => {
  it('reads the active elements collection of an ad-hoc sub-process as FEEL', async () => {
    const graph = await graphOf(
      chain(
        `<bpmn:adHocSubProcess id="adhoc"><bpmn:extensionElements>
          <zeebe:adHoc activeElementsCollection="=picked" />
        </bpmn:extensionElements><bpmn:task id="a" /></bpmn:adHocSubProcess>`,
        'adhoc',
        'adhoc',
      ),
    );
    assert.deepEqual(graph.nodes['adhoc']?.adHoc, {
      ordering: 'Parallel',
      cancelRemainingInstances: true,
      activeElementsCollection: { language: 'feel', source: 'picked' },
    });
  });
});

describe('Caseflow (caseflow:) extensions in the compiled graph', () => {
  it('reads every Caseflow extension element', async () => {
    const graph = await graphOf(
      chain(
        `<bpmn:serviceTask id="charge"><bpmn:extensionElements>
          <caseflow:taskDefinition type="payment" retries="2" />
          <caseflow:taskHeaders><caseflow:header key="k" value="v" /></caseflow:taskHeaders>
          <caseflow:ioMapping><caseflow:input source="=total" target="amount" /></caseflow:ioMapping>
        </bpmn:extensionElements></bpmn:serviceTask>
        <bpmn:sequenceFlow id="f" sourceRef="charge" targetRef="review" />
        <bpmn:userTask id="review"><bpmn:extensionElements>
          <caseflow:assignmentDefinition assignee="=owner" dueDate="=now()" priority="10" />
          <caseflow:formDefinition formKey="review" />
        </bpmn:extensionElements></bpmn:userTask>
        <bpmn:sequenceFlow id="g" sourceRef="review" targetRef="calc" />
        <bpmn:scriptTask id="calc"><bpmn:extensionElements><caseflow:script expression="=1 + 1" resultVariable="two" /></bpmn:extensionElements></bpmn:scriptTask>
        <bpmn:sequenceFlow id="h" sourceRef="calc" targetRef="call" />
        <bpmn:callActivity id="call"><bpmn:extensionElements><caseflow:calledElement processId="child" propagateAllChildVariables="false" /></bpmn:extensionElements></bpmn:callActivity>`,
        'charge',
        'call',
      ),
    );
    assert.deepEqual(graph.nodes['charge']?.job, { type: 'payment', retries: 2, headers: { k: 'v' } });
    assert.deepEqual(graph.nodes['charge']?.io?.inputs, [
      { target: 'amount', source: { language: 'feel', source: 'total' } },
    ]);
    assert.deepEqual(graph.nodes['review']?.userTask, {
      assignee: { language: 'feel', source: 'owner' },
      dueDate: { language: 'feel', source: 'now()' },
      priority: { language: 'literal', source: '10' },
      priorityRange: { min: 0, max: 100 },
      formKey: 'review',
    });
    assert.deepEqual(graph.nodes['calc']?.script, { format: 'feel', source: '1 + 1', resultVariable: 'two' });
    assert.equal(graph.nodes['call']?.call?.processId, 'child');
    assert.equal(graph.nodes['call']?.call?.propagateAllChildVariables, false);
  });

  it('prefers Caseflow over Camunda 8 over Camunda 7 when a task carries several', async () => {
    const graph = await graphOf(
      chain(
        `<bpmn:serviceTask id="t" camunda:type="external" camunda:topic="c7"><bpmn:extensionElements>
          <zeebe:taskDefinition type="c8" /><caseflow:taskDefinition type="cf" />
        </bpmn:extensionElements></bpmn:serviceTask>
        <bpmn:sequenceFlow id="f" sourceRef="t" targetRef="u" />
        <bpmn:serviceTask id="u" camunda:type="external" camunda:topic="c7"><bpmn:extensionElements>
          <zeebe:taskDefinition type="c8" /></bpmn:extensionElements></bpmn:serviceTask>`,
        't',
        'u',
      ),
    );
    assert.equal(graph.nodes['t']?.job?.type, 'cf');
    assert.equal(graph.nodes['u']?.job?.type, 'c8');
  });
});

describe('graph edges', () => {
  it('take incoming and outgoing flows from sourceRef/targetRef, without <incoming>/<outgoing>', async () => {
    const graph = await graphOf(
      executableProcess(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />
      <bpmn:endEvent id="e" />`),
    );
    assert.deepEqual(graph.nodes['s']?.outgoing, ['f']);
    assert.deepEqual(graph.nodes['e']?.incoming, ['f']);
  });

  it('give a sequence flow without id a stable generated id', async () => {
    const graph = await graphOf(
      executableProcess(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow sourceRef="s" targetRef="g" />
      <bpmn:parallelGateway id="g" /><bpmn:sequenceFlow sourceRef="g" targetRef="e" /><bpmn:sequenceFlow sourceRef="g" targetRef="e" />
      <bpmn:endEvent id="e" />`),
    );
    assert.deepEqual(Object.keys(graph.flows), ['s-to-g', 'g-to-e', 'g-to-e-2']);
    assert.deepEqual(graph.nodes['g']?.outgoing, ['g-to-e', 'g-to-e-2']);
    assert.deepEqual(graph.nodes['e']?.incoming, ['g-to-e', 'g-to-e-2']);
  });
});
