import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { importModel, type Diagnostic } from '../../shared/bpmn/index.js';
import { corpusPath } from '../support/paths.js';
import { executableProcess } from '../support/models.js';

function soundness(diagnostics: readonly Diagnostic[]): { code: string; element?: string }[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.code.startsWith('soundness.'))
    .map(({ code, element }) => ({ code, ...(element !== undefined ? { element } : {}) }));
}

async function soundnessOf(flowElements: string): Promise<{ code: string; element?: string }[]> {
  return soundness((await importModel(executableProcess(flowElements))).diagnostics);
}

/** `a->b` pairs become sequence flows f1, f2, ... */
function flows(...pairs: string[]): string {
  return pairs
    .map((pair, index) => {
      const [source, target, condition] = pair.split(/->|\?/);
      const body = condition ? `<bpmn:conditionExpression>${condition}</bpmn:conditionExpression>` : '';
      return `<bpmn:sequenceFlow id="f${index + 1}" sourceRef="${source}" targetRef="${target}">${body}</bpmn:sequenceFlow>`;
    })
    .join('\n');
}

describe('soundness analysis', () => {
  it('reports a parallel join fed by the alternative branches of an exclusive split as a deadlock', async () => {
    const found = await soundnessOf(`
      <bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="choose" />
      <bpmn:task id="a" /><bpmn:task id="b" /><bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
      ${flows('start->choose', 'choose->a?=x', 'choose->b?=not(x)', 'a->join', 'b->join', 'join->end')}`);
    assert.deepEqual(found, [{ code: 'soundness.deadlock', element: 'join' }]);
  });

  it('names the split and the join in the deadlock message', async () => {
    const result = await importModel(
      executableProcess(`
      <bpmn:startEvent id="start" /><bpmn:eventBasedGateway id="wait" name="Which comes first" />
      <bpmn:intermediateCatchEvent id="a"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="b"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>
      <bpmn:parallelGateway id="join" name="Both" /><bpmn:endEvent id="end" />
      ${flows('start->wait', 'wait->a', 'wait->b', 'a->join', 'b->join', 'join->end')}`),
    );
    const deadlock = result.diagnostics.find((diagnostic) => diagnostic.code === 'soundness.deadlock');
    assert.match(deadlock?.message ?? '', /The ParallelGateway "join" \(Both\) waits/);
    assert.match(deadlock?.message ?? '', /EventBasedGateway "wait" \(Which comes first\)/);
    assert.equal(deadlock?.severity, 'warning');
  });

  it('accepts a well-structured parallel block inside one branch of an exclusive split', async () => {
    const found = await soundnessOf(`
      <bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="choose" /><bpmn:parallelGateway id="fork" />
      <bpmn:task id="a" /><bpmn:task id="b" /><bpmn:task id="skip" /><bpmn:parallelGateway id="join" />
      <bpmn:exclusiveGateway id="merge" /><bpmn:endEvent id="end" />
      ${flows('start->choose', 'choose->fork?=x', 'choose->skip?=not(x)', 'fork->a', 'fork->b', 'a->join', 'b->join', 'join->merge', 'skip->merge', 'merge->end')}`);
    assert.deepEqual(found, []);
  });

  it('accepts an exclusive split whose every branch forks into the same joins', async () => {
    const found = await soundnessOf(`
      <bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="choose" />
      <bpmn:parallelGateway id="fork1" /><bpmn:parallelGateway id="fork2" />
      <bpmn:exclusiveGateway id="m1" /><bpmn:exclusiveGateway id="m2" /><bpmn:parallelGateway id="join" />
      <bpmn:endEvent id="end" />
      ${flows('start->choose', 'choose->fork1?=x', 'choose->fork2?=not(x)', 'fork1->m1', 'fork1->m2', 'fork2->m1', 'fork2->m2', 'm1->join', 'm2->join', 'join->end')}`);
    assert.deepEqual(found, []);
  });

  it('accepts a loop whose exit is an exclusive split before a parallel join', async () => {
    const found = await soundnessOf(`
      <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" /><bpmn:task id="a" />
      <bpmn:exclusiveGateway id="again" /><bpmn:exclusiveGateway id="done" /><bpmn:task id="b" />
      <bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
      ${flows('start->fork', 'fork->again', 'again->a', 'a->done', 'done->again?=retry', 'done->join?=not(retry)', 'fork->b', 'b->join', 'join->end')}`);
    assert.deepEqual(found, []);
  });

  it('treats an inclusive gateway without conditions as taking every branch', async () => {
    const found = await soundnessOf(`
      <bpmn:startEvent id="start" /><bpmn:inclusiveGateway id="all" /><bpmn:task id="a" /><bpmn:task id="b" />
      <bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
      ${flows('start->all', 'all->a', 'all->b', 'a->join', 'b->join', 'join->end')}`);
    assert.deepEqual(found, []);
  });

  it('reports an exclusive gateway merging the branches of a parallel split', async () => {
    const found = await soundnessOf(`
      <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" /><bpmn:task id="a" /><bpmn:task id="b" />
      <bpmn:exclusiveGateway id="merge" /><bpmn:task id="after" /><bpmn:endEvent id="end" />
      ${flows('start->fork', 'fork->a', 'fork->b', 'a->merge', 'b->merge', 'merge->after', 'after->end')}`);
    assert.deepEqual(found, [{ code: 'soundness.exclusive-merge-of-parallel', element: 'merge' }]);
  });

  it('reports an uncontrolled merge of an implicit fork on a task, but not branches that only end', async () => {
    const found = await soundnessOf(`
      <bpmn:startEvent id="start" /><bpmn:task id="fork" /><bpmn:task id="a" /><bpmn:task id="twice" />
      <bpmn:task id="c" /><bpmn:endEvent id="end" />
      ${flows('start->fork', 'fork->a', 'fork->twice', 'a->twice', 'twice->end', 'fork->c', 'c->end')}`);
    assert.deepEqual(found, [{ code: 'soundness.exclusive-merge-of-parallel', element: 'twice' }]);
  });

  it('reports a parallel split that loops back to itself as lack of synchronisation', async () => {
    const found = await soundnessOf(`
      <bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="loop" /><bpmn:task id="a" />
      <bpmn:parallelGateway id="fork" /><bpmn:task id="b" /><bpmn:endEvent id="end" />
      ${flows('start->loop', 'loop->a', 'a->fork', 'fork->end', 'fork->b', 'b->loop')}`);
    assert.deepEqual(found, [{ code: 'soundness.lack-of-synchronisation', element: 'loop' }]);
  });

  it('analyses each sub-process on its own', async () => {
    const found = await soundnessOf(`
      <bpmn:startEvent id="start" /><bpmn:subProcess id="sub">
        <bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="choose" /><bpmn:task id="a" />
        <bpmn:parallelGateway id="join" /><bpmn:endEvent id="e" />
        <bpmn:sequenceFlow id="g1" sourceRef="s" targetRef="choose" />
        <bpmn:sequenceFlow id="g2" sourceRef="choose" targetRef="a" />
        <bpmn:sequenceFlow id="g3" sourceRef="choose" targetRef="join" />
        <bpmn:sequenceFlow id="g4" sourceRef="a" targetRef="join" />
        <bpmn:sequenceFlow id="g5" sourceRef="join" targetRef="e" />
      </bpmn:subProcess><bpmn:endEvent id="end" />
      ${flows('start->sub', 'sub->end')}`);
    assert.deepEqual(found, [{ code: 'soundness.deadlock', element: 'join' }]);
  });

  it('keeps a model valid: soundness findings are warnings', async () => {
    const result = await importModel(
      executableProcess(`
      <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" /><bpmn:exclusiveGateway id="merge" />
      <bpmn:endEvent id="end" />${flows('start->fork', 'fork->merge', 'fork->merge', 'merge->end')}`),
    );
    assert.equal(result.valid, true);
    assert.equal(result.graphs.length, 1);
  });
});

describe('soundness analysis on the BPMNspector mojo corpus', () => {
  const expected: Record<string, string[]> = {
    'failure_no-detection-deadlock-in-subprocess.bpmn': ['soundness.deadlock'],
    'invalid_IOR-Split_Par-Merge.bpmn': ['soundness.deadlock'],
    'invalid_LoopWithParallelSplit.bpmn': ['soundness.lack-of-synchronisation'],
    'invalid_moreComplexLoopParSplit.bpmn': [
      'soundness.exclusive-merge-of-parallel',
      'soundness.lack-of-synchronisation',
    ],
    'invalid_multipleParallelXorMixed.bpmn': ['soundness.exclusive-merge-of-parallel'],
    'valid_eventbased-split_XOR-merge.bpmn': [],
    'valid_multipleParSplitCrossMerge.bpmn': [],
    'valid_multipleParallel.bpmn': [],
    'valid_multipleParallelXorCrossSplitMerge.bpmn': [],
    'valid_parSplitIORMerge.bpmn': [],
    'valid_simpleXorSplit2Ends.bpmn': [],
    // A deadlock between two pools exchanging messages: not a sequence-flow structure, not analysed.
    'failure_collaboration_deadlock.bpmn': [],
  };
  for (const [file, codes] of Object.entries(expected)) {
    it(`${file} gives ${codes.length === 0 ? 'no soundness warning' : codes.join(', ')}`, async () => {
      const result = await importModel(readFileSync(corpusPath('bpmnspector', 'mojo', file)));
      const found = [...new Set(soundness(result.diagnostics).map((finding) => finding.code))].sort();
      assert.deepEqual(found, codes);
    });
  }
});

describe('soundness analysis at scale', () => {
  it('finds nothing in a long chain of well-structured blocks that loop back', async () => {
    const blocks = Array.from({ length: 300 }, (_, block) => {
      const enter = block === 0 ? 'start' : `decide${block - 1}`;
      return `
        <bpmn:exclusiveGateway id="merge${block}" /><bpmn:parallelGateway id="fork${block}" />
        <bpmn:task id="a${block}" /><bpmn:task id="b${block}" /><bpmn:parallelGateway id="join${block}" />
        <bpmn:exclusiveGateway id="decide${block}" />
        <bpmn:sequenceFlow id="in${block}" sourceRef="${enter}" targetRef="merge${block}" />
        <bpmn:sequenceFlow id="m${block}" sourceRef="merge${block}" targetRef="fork${block}" />
        <bpmn:sequenceFlow id="fa${block}" sourceRef="fork${block}" targetRef="a${block}" />
        <bpmn:sequenceFlow id="fb${block}" sourceRef="fork${block}" targetRef="b${block}" />
        <bpmn:sequenceFlow id="ja${block}" sourceRef="a${block}" targetRef="join${block}" />
        <bpmn:sequenceFlow id="jb${block}" sourceRef="b${block}" targetRef="join${block}" />
        <bpmn:sequenceFlow id="d${block}" sourceRef="join${block}" targetRef="decide${block}" />
        <bpmn:sequenceFlow id="back${block}" sourceRef="decide${block}" targetRef="merge${block}">
          <bpmn:conditionExpression>=retry</bpmn:conditionExpression>
        </bpmn:sequenceFlow>`;
    }).join('');
    const found = await soundnessOf(`<bpmn:startEvent id="start" />${blocks}<bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="out" sourceRef="decide299" targetRef="end" />`);
    assert.deepEqual(found, []);
  });
});
