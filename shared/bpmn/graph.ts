/**
 * The compiled process graph: the engine's input. Plain JSON (no classes, no cycles), built from one
 * executable process in document order, so the same model always compiles to the same graph and the same
 * `hash`. Element types keep their BPMN names (`bpmn:UserTask`); extension details from Camunda 7, Camunda 8
 * and Caseflow's namespace are normalised into the same fields. Documented in docs/process-graph.md.
 */

export const processGraphFormat = 'caseflow.process-graph/1';

/** How an expression must be evaluated. `literal` is a plain value (e.g. a timer's `PT5M`). */
export type ExpressionLanguage = 'feel' | 'juel' | 'literal' | 'foreign';

export interface Expression {
  readonly language: ExpressionLanguage;
  /** The expression text without Camunda 8's leading `=`. */
  readonly source: string;
  /** For `foreign`: the language the model declared. */
  readonly declaredLanguage?: string;
}

export interface VariableMapping {
  readonly source: Expression;
  readonly target: string;
}

export interface IoMappings {
  readonly inputs: readonly VariableMapping[];
  readonly outputs: readonly VariableMapping[];
}

export type EventDefinition =
  | { readonly kind: 'message'; readonly messageName?: string; readonly correlationKey?: Expression }
  | {
      readonly kind: 'timer';
      readonly timeDate?: Expression;
      readonly timeDuration?: Expression;
      readonly timeCycle?: Expression;
    }
  | { readonly kind: 'error'; readonly errorCode?: string; readonly errorName?: string }
  | { readonly kind: 'escalation'; readonly escalationCode?: string; readonly escalationName?: string }
  | { readonly kind: 'signal'; readonly signalName?: string }
  | { readonly kind: 'conditional'; readonly condition?: Expression }
  | { readonly kind: 'link'; readonly linkName?: string }
  | { readonly kind: 'compensate'; readonly activity?: string; readonly waitForCompletion: boolean }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'terminate' };

export interface StandardLoop {
  readonly kind: 'standard';
  readonly testBefore: boolean;
  readonly maximum?: number;
  readonly condition?: Expression;
}

export interface MultiInstanceLoop {
  readonly kind: 'multiInstance';
  readonly sequential: boolean;
  readonly cardinality?: Expression;
  /** Expression giving the collection to iterate over. */
  readonly inputCollection?: Expression;
  readonly inputElement?: string;
  readonly outputCollection?: string;
  readonly outputElement?: Expression;
  readonly completionCondition?: Expression;
  readonly behavior: 'None' | 'One' | 'All' | 'Complex';
  /** The event thrown when an instance completes: `noneBehaviorEventRef` (None) or `oneBehaviorEventRef` (One). */
  readonly behaviorEvent?: EventDefinition;
  /** Complex behaviour: the events thrown when an instance completes and their condition holds. */
  readonly complexBehavior?: readonly {
    readonly condition?: Expression;
    readonly events: readonly EventDefinition[];
  }[];
}

export interface JobDefinition {
  /** The job type workers subscribe to (Camunda 8 task type, Camunda 7 topic or delegate, Caseflow type). */
  readonly type: string;
  readonly retries?: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface UserTaskDefinition {
  readonly assignee?: Expression;
  readonly candidateUsers?: Expression;
  readonly candidateGroups?: Expression;
  readonly dueDate?: Expression;
  readonly followUpDate?: Expression;
  readonly priority?: Expression;
  /** The priorities the model's dialect allows: 0 to 100 for Camunda 8 and Caseflow; absent (any whole number) for Camunda 7. */
  readonly priorityRange?: { readonly min: number; readonly max: number };
  readonly formKey?: string;
  /**
   * The fields the task's form declares: Camunda 7 `camunda:formData`, or the Camunda 8 form-js form embedded
   * in the process (`zeebe:userTaskForm`) that `formKey` `camunda-forms:bpmn:<id>` names.
   */
  readonly formFields?: readonly FormFieldDefinition[];
}

/** One input of a task form, normalised from Camunda 7 `camunda:formField` or a form-js component. */
export interface FormFieldDefinition {
  /** The variable the field reads and writes. */
  readonly key: string;
  /** `any` for types Caseflow does not know (Camunda 7 custom types, dynamic option lists). */
  readonly type: 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'time' | 'dateTime' | 'enum' | 'any';
  readonly label?: string;
  /** Literal defaults only (a Camunda 7 `${...}` default is left out). */
  readonly defaultValue?: string | number | boolean;
  /** Enum fields: the allowed values and their labels. */
  readonly values?: readonly { readonly value: string; readonly label?: string }[];
  readonly required?: true;
  readonly readonly?: true;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

export interface ScriptDefinition {
  /** `feel` for FEEL scripts (and Camunda 8 `zeebe:script`); otherwise the declared scriptFormat. */
  readonly format: string;
  readonly source: string;
  readonly resultVariable?: string;
}

export interface CallDefinition {
  /** The called process id, when fixed in the model. */
  readonly processId?: string;
  /** The called process id, when computed at run time. */
  readonly processIdExpression?: Expression;
  readonly propagateAllChildVariables: boolean;
  readonly propagateAllParentVariables: boolean;
  readonly inputs: readonly VariableMapping[];
  readonly outputs: readonly VariableMapping[];
}

export interface FlowNode {
  readonly id: string;
  /** The BPMN element type, e.g. `bpmn:ExclusiveGateway`. */
  readonly type: string;
  readonly name?: string;
  /** Id of the process or sub-process that directly contains this node. */
  readonly scope: string;
  /** Sequence flow ids, outgoing in document order of the flows. */
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  readonly defaultFlow?: string;
  /** Sub-processes: their direct children, in document order. */
  readonly children?: readonly string[];
  readonly triggeredByEvent?: boolean;
  readonly transaction?: boolean;
  readonly adHoc?: {
    readonly ordering: 'Parallel' | 'Sequential';
    readonly completionCondition?: Expression;
    readonly cancelRemainingInstances: boolean;
    /** Camunda 8 `zeebe:adHoc activeElementsCollection`: the ids of the inner elements to activate on entry. */
    readonly activeElementsCollection?: Expression;
  };
  readonly eventDefinitions?: readonly EventDefinition[];
  /** Boundary events: the activity they are attached to, and whether they interrupt it. */
  readonly attachedTo?: string;
  readonly cancelActivity?: boolean;
  /** Start events of event sub-processes: whether they interrupt the enclosing scope. */
  readonly interrupting?: boolean;
  readonly parallelMultiple?: boolean;
  readonly gatewayDirection?: 'Unspecified' | 'Converging' | 'Diverging' | 'Mixed';
  readonly activationCondition?: Expression;
  readonly eventGatewayType?: 'Exclusive' | 'Parallel';
  readonly instantiate?: boolean;
  readonly startQuantity?: number;
  readonly completionQuantity?: number;
  readonly forCompensation?: boolean;
  /** Activities: the compensation handler associated with their compensation boundary event. */
  readonly compensationHandler?: string;
  readonly loop?: StandardLoop | MultiInstanceLoop;
  readonly io?: IoMappings;
  readonly job?: JobDefinition;
  readonly userTask?: UserTaskDefinition;
  readonly script?: ScriptDefinition;
  readonly call?: CallDefinition;
  /** Receive and send tasks: the message they wait for or send. */
  readonly message?: { readonly messageName?: string; readonly correlationKey?: Expression };
}

export interface SequenceFlow {
  readonly id: string;
  readonly name?: string;
  readonly source: string;
  readonly target: string;
  readonly condition?: Expression;
}

export interface ProcessGraph {
  readonly format: typeof processGraphFormat;
  readonly processId: string;
  readonly name?: string;
  readonly executable: boolean;
  /** sha256 over the rest of the graph: equal hashes mean equal graphs. */
  readonly hash: string;
  /** Every flow node of the process, nested ones included, in document order. */
  readonly nodes: Readonly<Record<string, FlowNode>>;
  readonly flows: Readonly<Record<string, SequenceFlow>>;
  /** Direct children of the process itself, in document order. */
  readonly children: readonly string[];
  /**
   * Root variables whose values only admins and the named roles and groups may see through the API
   * (`caseflow:variableVisibility`); absent: every variable is visible to whoever may read the case.
   */
  readonly restrictedVariables?: readonly RestrictedVariable[];
}

export interface RestrictedVariable {
  readonly name: string;
  /** Caseflow roles (`designer`, `worker`, `automation`; admins always see) whose holders see the value. */
  readonly roles: readonly string[];
  readonly groups: readonly string[];
}
