/**
 * The models the benchmark runs: the largest MIWG reference models from the shared corpus beside the
 * checkout, plus generated executable models, so compilation and the soundness analysis are measured too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchModel {
  readonly name: string;
  readonly bytes: Buffer;
}

function repositoryRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('package.json not found above the benchmark');
    directory = parent;
  }
  return directory;
}

/** The `count` largest reference models of the MIWG suite. */
export function largestReferenceModels(count: number): BenchModel[] {
  const reference = path.resolve(repositoryRoot(), '..', 'shared', 'corpus', 'bpmn-miwg', 'Reference');
  if (!existsSync(reference)) throw new Error(`The shared BPMN corpus is missing at ${reference}`);
  return readdirSync(reference)
    .filter((name) => name.endsWith('.bpmn'))
    .map((name) => ({ name: `Reference/${name}`, bytes: readFileSync(path.join(reference, name)) }))
    .sort((a, b) => b.bytes.length - a.bytes.length)
    .slice(0, count);
}

/**
 * A valid executable process of `blocks` parallel blocks in a row (fork, three tasks, join), each followed
 * by an exclusive decision that may loop back: about 7 nodes and 9 flows per block.
 */
export function generatedModel(blocks: number): BenchModel {
  const parts: string[] = ['<bpmn:startEvent id="start" />'];
  let previous = 'start';
  for (let block = 0; block < blocks; block += 1) {
    const id = (name: string) => `${name}_${block}`;
    parts.push(
      `<bpmn:exclusiveGateway id="${id('merge')}" /><bpmn:parallelGateway id="${id('fork')}" />`,
      ...['a', 'b', 'c'].map((task) => `<bpmn:task id="${id(task)}" name="Task ${task} ${block}" />`),
      `<bpmn:parallelGateway id="${id('join')}" /><bpmn:exclusiveGateway id="${id('decide')}" default="${id('next')}" />`,
      // The flow into a block is the previous decision's default flow (or the start's flow).
      flow(block === 0 ? 'enter' : `next_${block - 1}`, previous, id('merge')),
      flow(id('toFork'), id('merge'), id('fork')),
      ...['a', 'b', 'c'].flatMap((task) => [
        flow(id(`to_${task}`), id('fork'), id(task)),
        flow(id(`from_${task}`), id(task), id('join')),
      ]),
      flow(id('toDecide'), id('join'), id('decide')),
      `<bpmn:sequenceFlow id="${id('again')}" sourceRef="${id('decide')}" targetRef="${id('merge')}"><bpmn:conditionExpression>=retry</bpmn:conditionExpression></bpmn:sequenceFlow>`,
    );
    previous = id('decide');
  }
  parts.push(
    '<bpmn:endEvent id="end" />',
    `<bpmn:sequenceFlow id="next_${blocks - 1}" sourceRef="${previous}" targetRef="end" />`,
  );
  const body = parts.join('\n');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="bench" targetNamespace="urn:caseflow:bench">
<bpmn:process id="bench_process" isExecutable="true">
${body}
</bpmn:process>
</bpmn:definitions>
`;
  return { name: `generated/${blocks}-blocks`, bytes: Buffer.from(xml) };
}

function flow(id: string, source: string, target: string): string {
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`;
}
