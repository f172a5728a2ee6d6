/** Tiny builders for sequence flows, job tasks and timer catch events in inline test models. */
export function flow(id: string, source: string, target: string, condition?: string): string {
  return condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"><bpmn:conditionExpression>${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
}

export function job(id: string, type: string, tag = 'serviceTask'): string {
  return `<bpmn:${tag} id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:${tag}>`;
}

/** An intermediate timer catch event; `body` is its timeDuration, timeDate or timeCycle element. */
export function timerCatch(id: string, body: string): string {
  return `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition>${body}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
}

/** An activity `id` (given XML) with a compensation boundary event associated with the handler `undo<id>`. */
export function compensable(
  id: string,
  activity: string,
  handler = `<bpmn:task id="undo${id}" isForCompensation="true" />`,
): string {
  return `${activity}<bpmn:boundaryEvent id="cb${id}" attachedToRef="${id}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
    ${handler}<bpmn:association id="as${id}" associationDirection="One" sourceRef="cb${id}" targetRef="undo${id}" />`;
}
