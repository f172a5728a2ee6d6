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
