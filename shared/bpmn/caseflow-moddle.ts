/**
 * The moddle descriptor of Caseflow's own BPMN extension namespace. Its elements mirror the shapes designers
 * already know from Camunda 8 (`zeebe:`), with FEEL everywhere, so models can carry execution details
 * (job types, io mappings, assignments, forms, scripts, variable visibility) without depending on a vendor namespace.
 * Documented in docs/bpmn-extensions.md.
 */
export const caseflowNamespaceUri = 'urn:caseflow:bpmn:1.0';

const extensionOf = (...types: string[]) => ({ superClass: ['Element'], meta: { allowedIn: types } });

export const caseflowModdleDescriptor = {
  name: 'Caseflow',
  prefix: 'caseflow',
  uri: caseflowNamespaceUri,
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    {
      name: 'TaskDefinition',
      ...extensionOf(
        'bpmn:ServiceTask',
        'bpmn:SendTask',
        'bpmn:BusinessRuleTask',
        'bpmn:ScriptTask',
        'bpmn:Event',
      ),
      properties: [
        { name: 'type', type: 'String', isAttr: true },
        { name: 'retries', type: 'String', isAttr: true },
      ],
    },
    {
      name: 'IoMapping',
      ...extensionOf('bpmn:FlowNode'),
      properties: [
        { name: 'inputParameters', type: 'Input', isMany: true },
        { name: 'outputParameters', type: 'Output', isMany: true },
      ],
    },
    {
      name: 'Parameter',
      properties: [
        { name: 'source', type: 'String', isAttr: true },
        { name: 'target', type: 'String', isAttr: true },
      ],
    },
    { name: 'Input', superClass: ['Parameter'] },
    { name: 'Output', superClass: ['Parameter'] },
    {
      name: 'AssignmentDefinition',
      ...extensionOf('bpmn:UserTask'),
      properties: [
        { name: 'assignee', type: 'String', isAttr: true },
        { name: 'candidateUsers', type: 'String', isAttr: true },
        { name: 'candidateGroups', type: 'String', isAttr: true },
        { name: 'dueDate', type: 'String', isAttr: true },
        { name: 'followUpDate', type: 'String', isAttr: true },
        { name: 'priority', type: 'String', isAttr: true },
      ],
    },
    {
      name: 'FormDefinition',
      ...extensionOf('bpmn:UserTask', 'bpmn:StartEvent'),
      properties: [{ name: 'formKey', type: 'String', isAttr: true }],
    },
    {
      name: 'Script',
      ...extensionOf('bpmn:ScriptTask'),
      properties: [
        { name: 'expression', type: 'String', isAttr: true },
        { name: 'resultVariable', type: 'String', isAttr: true },
      ],
    },
    {
      name: 'CalledElement',
      ...extensionOf('bpmn:CallActivity'),
      properties: [
        { name: 'processId', type: 'String', isAttr: true },
        { name: 'propagateAllChildVariables', type: 'Boolean', isAttr: true },
      ],
    },
    {
      // Per-variable visibility (docs/bpmn-extensions.md#variable-visibility): who may see a variable's value.
      name: 'VariableVisibility',
      ...extensionOf('bpmn:Process'),
      properties: [{ name: 'variables', type: 'RestrictedVariable', isMany: true }],
    },
    {
      name: 'RestrictedVariable',
      properties: [
        { name: 'name', type: 'String', isAttr: true },
        { name: 'roles', type: 'String', isAttr: true },
        { name: 'groups', type: 'String', isAttr: true },
      ],
    },
    {
      name: 'TaskHeaders',
      ...extensionOf('bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:UserTask'),
      properties: [{ name: 'values', type: 'Header', isMany: true }],
    },
    {
      name: 'Header',
      properties: [
        { name: 'key', type: 'String', isAttr: true },
        { name: 'value', type: 'String', isAttr: true },
      ],
    },
  ],
  enumerations: [],
} as const;
