/** Builds small BPMN documents for tests, so each test shows only the elements it is about. */
export function definitions(body: string, namespaces = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:caseflow="urn:caseflow:bpmn:1.0" ${namespaces} id="definitions" targetNamespace="urn:test">
${body}
</bpmn:definitions>
`;
}

/** An executable process around the given flow elements. */
export function executableProcess(flowElements: string, id = 'process'): string {
  return definitions(`<bpmn:process id="${id}" isExecutable="true">\n${flowElements}\n</bpmn:process>`);
}

/** start -> task -> end, the smallest valid executable model. */
export const straightThrough = executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
  <bpmn:task id="task" />
  <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
  <bpmn:endEvent id="end" />`);

/** start -> one user task (`review`, "Review the papers") -> end, for tests about a case's records. */
export function oneUserTaskProcess(id: string): string {
  return executableProcess(
    `<bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <bpmn:userTask id="review" name="Review the papers" />
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  <bpmn:endEvent id="end" />`,
    id,
  );
}
