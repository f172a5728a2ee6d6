/**
 * The cases benchmark's model: check (service task) -> approve (user task, assigned to walter) -> approved?
 * (exclusive gateway) -> book (service task) -> end; not approved -> rejected. Both service tasks are done by
 * the benchmark's external worker through the jobs API.
 */
export const benchProcessKey = 'bench-cases';
export const benchJobTypes = ['bench-check', 'bench-book'] as const;
export const benchAssignee = 'walter';

export const benchModel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="benchDefinitions" targetNamespace="urn:caseflow:bench">
  <bpmn:process id="${benchProcessKey}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <bpmn:serviceTask id="check">
      <bpmn:extensionElements><zeebe:taskDefinition type="${benchJobTypes[0]}" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="approve" />
    <bpmn:userTask id="approve">
      <bpmn:extensionElements><zeebe:assignmentDefinition assignee="${benchAssignee}" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="approve" targetRef="approved" />
    <bpmn:exclusiveGateway id="approved" default="no" />
    <bpmn:sequenceFlow id="yes" sourceRef="approved" targetRef="book">
      <bpmn:conditionExpression>=approved = true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="no" sourceRef="approved" targetRef="rejected" />
    <bpmn:endEvent id="rejected" />
    <bpmn:serviceTask id="book">
      <bpmn:extensionElements><zeebe:taskDefinition type="${benchJobTypes[1]}" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f4" sourceRef="book" targetRef="done" />
    <bpmn:endEvent id="done" />
  </bpmn:process>
</bpmn:definitions>
`;
