import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions } from '../../support/models.js';
import { around, diagnose, summary } from './diagnose.js';

const codes = ['caseflow.expression-invalid', 'caseflow.foreign-expression'] as const;

function gatewayWith(condition: string): string {
  return around(
    `<bpmn:exclusiveGateway id="split" default="otherwise" />
  <bpmn:sequenceFlow id="when" sourceRef="split" targetRef="join">${condition}</bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="otherwise" sourceRef="split" targetRef="join" />
  <bpmn:exclusiveGateway id="join" />`,
    'split',
    'join',
  );
}

const condition = (body: string, language = '') =>
  `<bpmn:conditionExpression xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="bpmn:tFormalExpression"${language ? ` language="${language}"` : ''}>${body}</bpmn:conditionExpression>`;

describe('exec-expressions rule', () => {
  it('accepts FEEL conditions, with or without the Camunda 8 "="', async () => {
    assert.deepEqual(await diagnose(gatewayWith(condition('amount &gt; 1000')), ...codes), []);
    assert.deepEqual(await diagnose(gatewayWith(condition('= amount &gt; 1000')), ...codes), []);
  });

  it('reports a FEEL condition that does not parse, naming the flow and the expression', async () => {
    const diagnostics = await diagnose(gatewayWith(condition('amount &gt;')), ...codes);
    assert.deepEqual(summary(diagnostics), [['caseflow.expression-invalid', 'when', 'error']]);
    assert.match(diagnostics[0]?.message ?? '', /condition of SequenceFlow "when".*"amount >"/);
  });

  it('accepts JUEL within the subset and warns about JUEL beyond it', async () => {
    assert.deepEqual(await diagnose(gatewayWith(condition('${amount &gt; 1000}')), ...codes), []);
    const diagnostics = await diagnose(gatewayWith(condition('${order.isLarge() &amp;&amp; vip}')), ...codes);
    assert.deepEqual(summary(diagnostics), [['caseflow.foreign-expression', 'when', 'warning']]);
    assert.match(diagnostics[0]?.message ?? '', /JUEL beyond/);
  });

  it('reports malformed JUEL as invalid', async () => {
    const diagnostics = await diagnose(
      around('<bpmn:userTask id="task" camunda:assignee="${}" />', 'task', 'task'),
      ...codes,
    );
    assert.deepEqual(summary(diagnostics), [['caseflow.expression-invalid', 'task', 'error']]);
    assert.match(diagnostics[0]?.message ?? '', /assignee of UserTask "task"/);
  });

  it('reports an expression in another declared language as an error naming the language', async () => {
    const diagnostics = await diagnose(
      gatewayWith(condition('amount > 5', 'javascript').replace('>5', '&gt;5')),
      ...codes,
    );
    assert.deepEqual(summary(diagnostics), [['caseflow.foreign-expression', 'when', 'error']]);
    assert.match(diagnostics[0]?.message ?? '', /"javascript"/);
  });

  it('checks Camunda 8 io mappings and FEEL scripts', async () => {
    const diagnostics = await diagnose(
      around(
        `<bpmn:scriptTask id="script">
      <bpmn:extensionElements>
        <zeebe:script expression="=a +" resultVariable="r" />
        <zeebe:ioMapping><zeebe:input source="=x.y(" target="local" /></zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:scriptTask>`,
        'script',
        'script',
      ),
      ...codes,
    );
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.message.split(' is ')[0]).sort(), [
      'The input mapping "local" of ScriptTask "script"',
      'The script of ScriptTask "script"',
    ]);
  });

  it('reports a script task in a language other than FEEL', async () => {
    const diagnostics = await diagnose(
      around(
        '<bpmn:scriptTask id="s" scriptFormat="groovy"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>',
        's',
        's',
      ),
      ...codes,
    );
    assert.deepEqual(summary(diagnostics), [['caseflow.foreign-expression', 's', 'error']]);
    assert.match(diagnostics[0]?.message ?? '', /"groovy"/);
  });

  it('checks FEEL-valued timers for syntax', async () => {
    const diagnostics = await diagnose(
      around(
        `<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>
        <bpmn:timeDuration>=duration(</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
        'wait',
        'wait',
      ),
      ...codes,
    );
    assert.deepEqual(summary(diagnostics), [['caseflow.expression-invalid', 'wait', 'error']]);
    assert.match(diagnostics[0]?.message ?? '', /timer duration/);
  });

  it('ignores expressions of processes that are not executable', async () => {
    const xml = definitions(`<bpmn:process id="doc" isExecutable="false">
      <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e">${condition('a &gt;')}</bpmn:sequenceFlow>
      <bpmn:endEvent id="e" /></bpmn:process>`);
    assert.deepEqual(await diagnose(xml, ...codes), []);
  });
});
