/**
 * The three reference models of the engine benchmark, each written in two dialects of the same BPMN: for
 * Caseflow (Camunda 8 job types, FEEL conditions) and for bpmn-engine (service implementations from
 * `environment.services`, its `${environment.variables.x}` expressions). Same shape, same path through it.
 */

export type EngineDialect = 'caseflow' | 'bpmn-engine';

export interface EngineBenchModel {
  readonly name: string;
  readonly description: string;
  /** How many times the user task is completed before the instance ends (model c; 0 elsewhere). */
  readonly userTaskRounds: number;
  xml(dialect: EngineDialect): string;
}

const taskCount = 10;
const loopBacks = 5;

function document(dialect: EngineDialect, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="engine-bench-${dialect}" targetNamespace="urn:caseflow:bench">
<bpmn:process id="bench" isExecutable="true">
${body}
</bpmn:process>
</bpmn:definitions>
`;
}

function serviceTask(dialect: EngineDialect, id: string): string {
  return dialect === 'caseflow'
    ? `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements></bpmn:serviceTask>`
    : `<bpmn:serviceTask id="${id}" implementation="\${environment.services.work}" />`;
}

function flow(id: string, source: string, target: string, condition?: string): string {
  if (condition === undefined)
    return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`;
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
}

const tasks = Array.from({ length: taskCount }, (_, index) => `task${index + 1}`);

/** (a) start, 10 service tasks in a row, end. */
const sequence: EngineBenchModel = {
  name: 'a-sequence',
  description: `start, ${taskCount} service tasks, end`,
  userTaskRounds: 0,
  xml: (dialect) => {
    const chain = ['start', ...tasks, 'end'];
    return document(
      dialect,
      [
        '<bpmn:startEvent id="start" />',
        ...tasks.map((task) => serviceTask(dialect, task)),
        '<bpmn:endEvent id="end" />',
        ...chain.slice(1).map((target, index) => flow(`f${index}`, chain[index] ?? '', target)),
      ].join('\n'),
    );
  },
};

/** (b) a parallel split into 10 service tasks and a join. */
const parallel: EngineBenchModel = {
  name: 'b-parallel',
  description: `parallel split into ${taskCount} service tasks and join`,
  userTaskRounds: 0,
  xml: (dialect) =>
    document(
      dialect,
      [
        '<bpmn:startEvent id="start" />',
        '<bpmn:parallelGateway id="fork" />',
        ...tasks.map((task) => serviceTask(dialect, task)),
        '<bpmn:parallelGateway id="join" />',
        '<bpmn:endEvent id="end" />',
        flow('toFork', 'start', 'fork'),
        ...tasks.flatMap((task) => [flow(`to_${task}`, 'fork', task), flow(`from_${task}`, task, 'join')]),
        flow('toEnd', 'join', 'end'),
      ].join('\n'),
    ),
};

/** (c) a user task and an exclusive gateway that loops back to it 5 times, then the end. */
const loop: EngineBenchModel = {
  name: 'c-user-task-loop',
  description: `user task, exclusive gateway looping back ${loopBacks} times, end`,
  userTaskRounds: loopBacks + 1,
  xml: (dialect) =>
    document(
      dialect,
      [
        '<bpmn:startEvent id="start" />',
        '<bpmn:exclusiveGateway id="merge" />',
        '<bpmn:userTask id="review" />',
        '<bpmn:exclusiveGateway id="decide" default="done" />',
        '<bpmn:endEvent id="end" />',
        flow('toMerge', 'start', 'merge'),
        flow('toReview', 'merge', 'review'),
        flow('toDecide', 'review', 'decide'),
        flow(
          'again',
          'decide',
          'merge',
          dialect === 'caseflow' ? '=again' : '${environment.variables.again}',
        ),
        flow('done', 'decide', 'end'),
      ].join('\n'),
    ),
};

export const engineBenchModels: readonly EngineBenchModel[] = [sequence, parallel, loop];
