/**
 * Random but always valid process models for property tests: nested blocks (sequence, parallel, exclusive
 * and inclusive split/join pairs, event-based races) of elements that wait (user tasks, jobs, timers,
 * message and signal catches, multi-instance jobs, looping user tasks, conditional catches), throw signals or complete at once, drawn
 * from a seeded PRNG so every run sees the same models.
 */
import { definitions } from '../support/models.js';

export function randomModel(random: () => number): string {
  let counter = 0;
  let parts: string[] = [];
  const next = (prefix: string) => `${prefix}${++counter}`;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const connect = (source: string, target: string, condition?: string) => {
    const id = next('f');
    parts.push(
      condition === undefined
        ? `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`
        : `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"><bpmn:conditionExpression>${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`,
    );
    return id;
  };
  const leaf = (): [string, string] => {
    const id = next('n');
    const sequential = random() < 0.5;
    parts.push(
      pick([
        `<bpmn:task id="${id}" />`,
        `<bpmn:userTask id="${id}" />`,
        `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="job" /></bpmn:extensionElements></bpmn:serviceTask>`,
        `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT${1 + Math.floor(random() * 9)}M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
        `<bpmn:scriptTask id="${id}"><bpmn:extensionElements><zeebe:script expression="=if x = null then 1 else x + 1" resultVariable="x" /></bpmn:extensionElements></bpmn:scriptTask>`,
        `<bpmn:intermediateCatchEvent id="${id}"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>`,
        `<bpmn:intermediateCatchEvent id="${id}"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>`,
        `<bpmn:intermediateThrowEvent id="${id}"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateThrowEvent>`,
        `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="job" /></bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:loopCardinality>=2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>`,
        `<bpmn:userTask id="${id}"><bpmn:standardLoopCharacteristics loopMaximum="2" /></bpmn:userTask>`,
        `<bpmn:intermediateCatchEvent id="${id}"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x &gt; 1</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`,
      ]),
    );
    return [id, id];
  };
  /** An event-based gateway racing a message against a timer, merged by an exclusive gateway. */
  const race = (): [string, string] => {
    const [gateway, merge, message, timer] = [next('g'), next('g'), next('n'), next('n')];
    parts.push(
      `<bpmn:eventBasedGateway id="${gateway}" />`,
      `<bpmn:exclusiveGateway id="${merge}" />`,
      `<bpmn:intermediateCatchEvent id="${message}"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>`,
      `<bpmn:intermediateCatchEvent id="${timer}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT5M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
    );
    for (const target of [message, timer]) {
      connect(gateway, target);
      connect(target, merge);
    }
    return [gateway, merge];
  };
  /** A sub-process around a block, with one boundary event whose path meets the normal path at a merge. */
  const subProcess = (depth: number): [string, string] => {
    const [sub, start, end, merge, boundary] = [next('sp'), next('n'), next('n'), next('g'), next('b')];
    const outer = parts;
    parts = [];
    const inner = block(depth + 1);
    connect(start, inner[0]);
    connect(inner[1], end);
    const inside = parts.join('\n');
    parts = outer;
    const [definition, cancel] = pick([
      [
        '<bpmn:timerEventDefinition><bpmn:timeDuration>PT3M</bpmn:timeDuration></bpmn:timerEventDefinition>',
        true,
      ],
      ['<bpmn:messageEventDefinition messageRef="m" />', false],
      ['<bpmn:signalEventDefinition signalRef="s" />', true],
      ['<bpmn:errorEventDefinition />', true],
    ] as const);
    parts.push(
      `<bpmn:subProcess id="${sub}"><bpmn:startEvent id="${start}" />${inside}<bpmn:endEvent id="${end}" /></bpmn:subProcess>`,
      `<bpmn:boundaryEvent id="${boundary}" attachedToRef="${sub}" cancelActivity="${cancel}">${definition}</bpmn:boundaryEvent>`,
      `<bpmn:exclusiveGateway id="${merge}" />`,
    );
    connect(sub, merge);
    connect(boundary, merge);
    return [sub, merge];
  };
  const block = (depth: number): [string, string] => {
    const kind =
      depth > 2
        ? 'leaf'
        : pick(['leaf', 'leaf', 'race', 'sequence', 'parallel', 'exclusive', 'inclusive', 'subProcess']);
    if (kind === 'leaf') return leaf();
    if (kind === 'race') return race();
    if (kind === 'subProcess') return subProcess(depth);
    if (kind === 'sequence') {
      const [first, middle] = [block(depth + 1), block(depth + 1)];
      connect(first[1], middle[0]);
      return [first[0], middle[1]];
    }
    const gateway = {
      parallel: 'parallelGateway',
      exclusive: 'exclusiveGateway',
      inclusive: 'inclusiveGateway',
    }[kind];
    const [split, join] = [next('g'), next('g')];
    const branches = [block(depth + 1), block(depth + 1), ...(random() < 0.5 ? [block(depth + 1)] : [])];
    const flows = branches.map((branch, index) =>
      connect(
        split,
        branch[0],
        kind === 'parallel' || index === 0 ? undefined : `=x != null and x &gt; ${index}`,
      ),
    );
    const defaultFlow = kind === 'parallel' ? '' : ` default="${flows[0]}"`;
    parts.push(`<bpmn:${gateway} id="${split}"${defaultFlow} />`, `<bpmn:${gateway} id="${join}" />`);
    for (const branch of branches) connect(branch[1], join);
    return [split, join];
  };
  const [first, last] = block(0);
  parts.push('<bpmn:startEvent id="start" />', '<bpmn:endEvent id="end" />');
  connect('start', first);
  connect(last, 'end');
  return definitions(
    `<bpmn:message id="m" name="m" /><bpmn:signal id="s" name="s" />
<bpmn:process id="process" isExecutable="true">\n${parts.join('\n')}\n</bpmn:process>`,
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  );
}
