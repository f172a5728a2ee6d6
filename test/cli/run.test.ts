import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { flow } from '../support/flow-xml.js';
import { definitions, executableProcess, straightThrough } from '../support/models.js';
import { schemaProblems } from '../support/json-schema.js';
import { cliEntry, repositoryRoot } from '../support/paths.js';

const schema = JSON.parse(
  readFileSync(path.join(repositoryRoot, 'docs', 'run-result.schema.json'), 'utf8'),
) as Record<string, unknown>;
const directory = mkdtempSync(path.join(tmpdir(), 'caseflow-run-'));
let modelCount = 0;

function write(name: string, content: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, content);
  return file;
}

function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, [cliEntry, 'run', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs with --json, checks exit 0 and the published schema, and returns the parsed result. */
function golden(model: string, ...args: string[]): Record<string, unknown> {
  const { status, stdout, stderr } = runCli(write(`model-${++modelCount}.bpmn`, model), '--json', ...args);
  assert.equal(status, 0, stderr);
  const result = JSON.parse(stdout) as Record<string, unknown>;
  assert.deepEqual(schemaProblems(schema, result), []);
  return result;
}

const entry = (element: string, type: string, at = '2000-01-01T00:00:00.000Z', extra: object = {}) => ({
  process: 'process',
  element,
  type,
  ...extra,
  event: 'completed',
  at,
});

describe('caseflow run (golden runs)', () => {
  it('runs a straight-through model to completion', () => {
    assert.deepEqual(golden(straightThrough), {
      process: 'process',
      state: 'completed',
      trace: [entry('start', 'bpmn:StartEvent'), entry('task', 'bpmn:Task'), entry('end', 'bpmn:EndEvent')],
      variables: {},
      incidents: [],
    });
  });

  it('routes an exclusive gateway with --vars', () => {
    const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'xor')}
      <bpmn:exclusiveGateway id="xor" name="Big?" default="small" />
      ${flow('big', 'xor', 'bigEnd', '=amount &gt;= 1000')}${flow('small', 'xor', 'smallEnd')}
      <bpmn:endEvent id="bigEnd" /><bpmn:endEvent id="smallEnd" />`);
    const result = golden(model, '--vars', '{"amount": 1500}');
    assert.deepEqual(result.trace, [
      entry('start', 'bpmn:StartEvent'),
      entry('xor', 'bpmn:ExclusiveGateway', undefined, { name: 'Big?' }),
      entry('bigEnd', 'bpmn:EndEvent'),
    ]);
    assert.deepEqual(result.variables, { amount: 1500 });
  });

  it('splits and joins in parallel, answering a user task from the scenario', () => {
    const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}
      <bpmn:parallelGateway id="fork" />${flow('f1', 'fork', 'approve')}${flow('f2', 'fork', 'ship')}
      <bpmn:userTask id="approve" />${flow('f3', 'approve', 'join')}
      <bpmn:serviceTask id="ship"><bpmn:extensionElements><zeebe:taskDefinition type="shipping" /></bpmn:extensionElements></bpmn:serviceTask>
      ${flow('f4', 'ship', 'join')}<bpmn:parallelGateway id="join" />${flow('f5', 'join', 'end')}<bpmn:endEvent id="end" />`);
    const scenario = write(
      'parallel.json',
      JSON.stringify({
        userTasks: { approve: [{ complete: { vars: { approved: true } } }] },
        jobs: { shipping: [{ complete: { vars: { tracking: 'T1' } } }] },
      }),
    );
    const result = golden(model, '--scenario', scenario);
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      (result.trace as { element: string }[]).map((item) => item.element),
      ['start', 'fork', 'approve', 'ship', 'join', 'end'],
    );
    assert.deepEqual(result.variables, { approved: true, tracking: 'T1' });
  });

  it('fires a timer when the virtual clock reaches it, from clock.start', () => {
    const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'wait')}
      <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>P1DT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      ${flow('f1', 'wait', 'end')}<bpmn:endEvent id="end" />`);
    const scenario = write('clock.json', JSON.stringify({ clock: { start: '2030-05-01T10:00:00Z' } }));
    const result = golden(model, '--scenario', scenario);
    assert.deepEqual(result.trace, [
      entry('start', 'bpmn:StartEvent', '2030-05-01T10:00:00.000Z'),
      entry('wait', 'bpmn:IntermediateCatchEvent', '2030-05-02T12:00:00.000Z'),
      entry('end', 'bpmn:EndEvent', '2030-05-02T12:00:00.000Z'),
    ]);
  });

  it('interrupts a waiting receive task at its timer boundary when the clock reaches it', () => {
    const model = definitions(`<bpmn:process id="process" isExecutable="true">
      <bpmn:startEvent id="start" />${flow('f0', 'start', 'awaitPayment')}
      <bpmn:receiveTask id="awaitPayment" name="Await payment" messageRef="paid" />${flow('f1', 'awaitPayment', 'end')}<bpmn:endEvent id="end" />
      <bpmn:boundaryEvent id="overdue" name="Overdue" attachedToRef="awaitPayment"><bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${flow('f2', 'overdue', 'remind')}<bpmn:manualTask id="remind" />${flow('f3', 'remind', 'cancelled')}<bpmn:endEvent id="cancelled" />
      </bpmn:process><bpmn:message id="paid" name="paid" />`);
    const scenario = write('overdue.json', JSON.stringify({ clock: { start: '2030-05-01T10:00:00Z' } }));
    const at = '2030-05-04T10:00:00.000Z';
    assert.deepEqual(golden(model, '--scenario', scenario), {
      process: 'process',
      state: 'completed',
      trace: [
        entry('start', 'bpmn:StartEvent', '2030-05-01T10:00:00.000Z'),
        { ...entry('awaitPayment', 'bpmn:ReceiveTask', at, { name: 'Await payment' }), event: 'terminated' },
        entry('overdue', 'bpmn:BoundaryEvent', at, { name: 'Overdue' }),
        entry('remind', 'bpmn:ManualTask', at),
        entry('cancelled', 'bpmn:EndEvent', at),
      ],
      variables: {},
      incidents: [],
    });
  });

  it('stops at an incident when a job fails', () => {
    const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'pay')}
      <bpmn:serviceTask id="pay"><bpmn:extensionElements><zeebe:taskDefinition type="payment" /></bpmn:extensionElements></bpmn:serviceTask>
      ${flow('f1', 'pay', 'end')}<bpmn:endEvent id="end" />`);
    const scenario = write(
      'fail.json',
      JSON.stringify({ jobs: { pay: [{ fail: { message: 'card declined' } }] } }),
    );
    assert.deepEqual(golden(model, '--scenario', scenario), {
      process: 'process',
      state: 'incident',
      trace: [entry('start', 'bpmn:StartEvent')],
      variables: {},
      incidents: [{ element: 'pay', code: 'job-failed', message: 'card declined' }],
    });
  });

  it('reports a failed instance with the uncaught BPMN error', () => {
    const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'pay')}
      <bpmn:serviceTask id="pay"><bpmn:extensionElements><zeebe:taskDefinition type="payment" /></bpmn:extensionElements></bpmn:serviceTask>
      ${flow('f1', 'pay', 'end')}<bpmn:endEvent id="end" />`);
    const scenario = write(
      'error.json',
      JSON.stringify({ jobs: { payment: [{ error: { code: 'DECLINED' } }] } }),
    );
    const result = golden(model, '--scenario', scenario);
    assert.equal(result.state, 'failed');
    assert.deepEqual(result.error, { code: 'DECLINED' });
  });

  it('stops an endless run at maxSteps', () => {
    const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'again')}
      <bpmn:userTask id="again" />${flow('f1', 'again', 'again')}${flow('f2', 'again', 'end')}<bpmn:endEvent id="end" />`);
    const result = golden(model, '--scenario', write('max.json', JSON.stringify({ maxSteps: 10 })));
    assert.equal(result.state, 'active');
    assert.equal(result.stopped, 'maxSteps');
    const loops = (result.trace as { element: string }[]).filter((entry) => entry.element === 'again');
    assert.ok(loops.length <= 10);
  });

  it('runs a parallel multi-instance task: one trace entry per instance index, then the body', () => {
    const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'quote')}
      <bpmn:serviceTask id="quote"><bpmn:extensionElements><zeebe:taskDefinition type="quote" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=suppliers" inputElement="supplier" outputCollection="prices" outputElement="=price" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:serviceTask>${flow('f1', 'quote', 'end')}<bpmn:endEvent id="end" />`);
    const scenario = write(
      'multi-instance.json',
      JSON.stringify({
        jobs: { quote: [{ complete: { vars: { price: 10 } } }, { complete: { vars: { price: 12 } } }] },
      }),
    );
    const result = golden(model, '--scenario', scenario, '--vars', '{"suppliers": ["a", "b"]}');
    assert.deepEqual(result.trace, [
      entry('start', 'bpmn:StartEvent'),
      entry('quote', 'bpmn:ServiceTask', undefined, { instance: 0 }),
      entry('quote', 'bpmn:ServiceTask', undefined, { instance: 1 }),
      entry('quote', 'bpmn:ServiceTask', undefined, { multiInstanceBody: true }),
      entry('end', 'bpmn:EndEvent'),
    ]);
    assert.deepEqual(result.variables, { suppliers: ['a', 'b'], prices: [10, 12], price: 12 });
  });

  it('runs the called process of the same file from a call activity and carries its variables back', () => {
    const model = definitions(`<bpmn:process id="process" isExecutable="true">
      <bpmn:startEvent id="start" />${flow('f0', 'start', 'call')}
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="billing" /></bpmn:extensionElements></bpmn:callActivity>
      ${flow('f1', 'call', 'end')}<bpmn:endEvent id="end" /></bpmn:process>
      <bpmn:process id="billing" isExecutable="true"><bpmn:startEvent id="billStart" />${flow('b0', 'billStart', 'bill')}
      <bpmn:scriptTask id="bill" scriptFormat="feel"><bpmn:script>amount * 2</bpmn:script><bpmn:extensionElements><zeebe:script expression="=amount * 2" resultVariable="billed" /></bpmn:extensionElements></bpmn:scriptTask>
      ${flow('b1', 'bill', 'billEnd')}<bpmn:endEvent id="billEnd" /></bpmn:process>`);
    const result = golden(model, '--process', 'process', '--vars', '{"amount": 21}');
    assert.equal(result.state, 'completed');
    assert.deepEqual(result.trace, [
      entry('start', 'bpmn:StartEvent'),
      { ...entry('billStart', 'bpmn:StartEvent'), process: 'billing' },
      { ...entry('bill', 'bpmn:ScriptTask'), process: 'billing' },
      { ...entry('billEnd', 'bpmn:EndEvent'), process: 'billing' },
      entry('call', 'bpmn:CallActivity'),
      entry('end', 'bpmn:EndEvent'),
    ]);
    assert.deepEqual(result.variables, { amount: 21, billed: 42 });
  });

  it('starts a process without a start event at its instantiating Parallel event-based gateway', () => {
    const model = definitions(`<bpmn:message id="ma" name="paid" /><bpmn:message id="mb" name="shipped" />
      <bpmn:process id="process" isExecutable="true">
        <bpmn:eventBasedGateway id="gw" instantiate="true" eventGatewayType="Parallel" />
        ${flow('f1', 'gw', 'paid')}${flow('f2', 'gw', 'shipped')}
        <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="ma" /></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="shipped"><bpmn:messageEventDefinition messageRef="mb" /></bpmn:intermediateCatchEvent>
        ${flow('f3', 'paid', 'paidEnd')}${flow('f4', 'shipped', 'shippedEnd')}
        <bpmn:endEvent id="paidEnd" /><bpmn:endEvent id="shippedEnd" /></bpmn:process>`);
    const scenario = write(
      'orders.json',
      JSON.stringify({ messages: [{ name: 'shipped', vars: { parcel: 7 } }, { name: 'paid' }] }),
    );
    assert.deepEqual(golden(model, '--scenario', scenario), {
      process: 'process',
      state: 'completed',
      trace: [
        entry('shipped', 'bpmn:IntermediateCatchEvent'),
        entry('shippedEnd', 'bpmn:EndEvent'),
        entry('gw', 'bpmn:EventBasedGateway'),
        entry('paid', 'bpmn:IntermediateCatchEvent'),
        entry('paidEnd', 'bpmn:EndEvent'),
      ],
      variables: { parcel: 7 },
      incidents: [],
    });
  });

  it('repeats exactly: the same model and scenario print the same bytes', () => {
    const file = write('same.bpmn', straightThrough);
    assert.equal(runCli(file, '--json').stdout, runCli(file, '--json').stdout);
  });
});

describe('caseflow run (errors)', () => {
  it('exits 2 with the validate --json report for an invalid model', () => {
    const file = write('invalid.bpmn', definitions('<bpmn:process id="p" />'));
    const { status, stdout } = runCli(file, '--json');
    assert.equal(status, 2);
    const report = JSON.parse(stdout) as {
      files: { file: string; valid: boolean; diagnostics: { code: string }[] }[];
    };
    assert.equal(report.files[0]?.file, file);
    assert.equal(report.files[0]?.valid, false);
    assert.equal(report.files[0]?.diagnostics[0]?.code, 'caseflow.no-executable-process');
  });

  it('exits 1 with usage for a malformed scenario or unknown process', () => {
    const model = write('ok.bpmn', straightThrough);
    const badScenario = runCli(model, '--scenario', write('bad.json', '{"jobs": {"x": []}}'));
    assert.equal(badScenario.status, 1);
    assert.match(badScenario.stderr, /invalid scenario: jobs\.x must be a non-empty list/);
    const unknown = runCli(model, '--process', 'nope');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no executable process "nope"/);
  });

  it('reads --vars from a file with @ and starts --with processes first', () => {
    const model = write(
      'two.bpmn',
      definitions(`<bpmn:process id="first" isExecutable="true"><bpmn:startEvent id="a" />${flow('f1', 'a', 'ae')}<bpmn:endEvent id="ae" /></bpmn:process>
        <bpmn:process id="second" isExecutable="true"><bpmn:startEvent id="b" />${flow('f2', 'b', 'be')}<bpmn:endEvent id="be" /></bpmn:process>`),
    );
    const vars = write('vars.json', '{"who": "me"}');
    const { status, stdout } = runCli(
      model,
      '--process',
      'second',
      '--with',
      'first',
      '--vars',
      `@${vars}`,
      '--json',
    );
    assert.equal(status, 0);
    const result = JSON.parse(stdout) as { process: string; trace: { process: string }[]; variables: object };
    assert.equal(result.process, 'second');
    assert.deepEqual(
      result.trace.map((entry) => entry.process),
      ['first', 'first', 'second', 'second'],
    );
    assert.deepEqual(result.variables, { who: 'me' });
  });

  it('exits 1 with usage when --vars is not a JSON object', () => {
    const { status, stderr } = runCli(write('vars-model.bpmn', straightThrough), '--vars', '[1]');
    assert.equal(status, 1);
    assert.match(stderr, /--vars must be a JSON object/);
  });

  it('prints a readable trace without --json', () => {
    const { status, stdout } = runCli(write('text.bpmn', straightThrough));
    assert.equal(status, 0);
    assert.match(stdout, /2000-01-01T00:00:00.000Z {2}process {2}task \(bpmn:Task\) completed/);
    assert.match(stdout, /process: completed/);
  });
});
