/**
 * Every diagnostic code the importer can report, with its level and default severity.
 * - `xml`: the document cannot be read as BPMN XML at all;
 * - `spec`: the model breaks a rule of the BPMN 2.0 specification;
 * - `caseflow`: the model is valid BPMN but Caseflow cannot (or will not) execute it as written;
 * - `soundness`: structural analysis of the flow (deadlocks, lack of synchronisation): warnings.
 * Codes are stable: clients and the conformance scoring match on them. Documented in docs/diagnostics.md.
 */
import type { Severity } from './diagnostics.js';

export type DiagnosticLevel = 'xml' | 'spec' | 'caseflow' | 'soundness';

interface CodeDeclaration {
  readonly level: DiagnosticLevel;
  readonly severity: Severity;
  readonly summary: string;
}

function code(level: DiagnosticLevel, severity: Severity, summary: string): CodeDeclaration {
  return { level, severity, summary };
}

export const diagnosticCodes = {
  'xml.unreadable-file': code('xml', 'error', 'The file could not be read.'),
  'xml.too-large': code('xml', 'error', 'The document is larger than the import limit.'),
  'xml.bad-encoding': code('xml', 'error', 'The bytes are not valid in the declared or detected encoding.'),
  'xml.encoding-converted': code('xml', 'info', 'The document was decoded from a non-UTF-8 encoding.'),
  'xml.doctype-forbidden': code(
    'xml',
    'error',
    'DTDs and entity declarations are refused (no entity expansion).',
  ),
  'xml.not-well-formed': code('xml', 'error', 'The document is not well-formed XML.'),
  'xml.too-deep': code('xml', 'error', 'Elements are nested deeper than the import limit.'),
  'xml.not-bpmn': code('xml', 'error', 'The root element is not bpmn:definitions.'),
  'xml.unreadable-content': code('xml', 'error', 'An element or attribute could not be read as BPMN.'),
  'xml.unknown-attribute': code(
    'xml',
    'warning',
    'An attribute of a known namespace that Caseflow does not know; it is ignored.',
  ),
  // Importer robustness (hostile input).
  'xml.too-many-elements': code('xml', 'error', 'The document has more elements than the import limit.'),
  'xml.too-many-attributes': code('xml', 'error', 'The document has more attributes than the import limit.'),
  'xml.too-many-problems': code(
    'xml',
    'error',
    'The document has so many unreadable parts that reading stopped; the first ones are reported.',
  ),
  'spec.duplicate-id': code('spec', 'error', 'Two elements share one id.'),
  'spec.unresolved-reference': code('spec', 'error', 'A reference names an element that does not exist.'),
  'spec.missing-attribute': code('spec', 'error', 'A required attribute or reference is missing.'),
  'spec.invalid-reference-type': code('spec', 'error', 'A reference names an element of the wrong kind.'),
  'spec.sequence-flow-endpoint': code(
    'spec',
    'error',
    'A sequence flow has a missing or invalid source or target.',
  ),
  'spec.sequence-flow-cross-scope': code(
    'spec',
    'error',
    'A sequence flow crosses a sub-process or pool boundary.',
  ),
  'spec.start-event-incoming': code('spec', 'error', 'A start event has incoming sequence flows.'),
  'spec.end-event-outgoing': code('spec', 'error', 'An end event has outgoing sequence flows.'),
  'spec.boundary-event': code(
    'spec',
    'error',
    'A boundary event is not attached properly or has incoming flows.',
  ),
  'spec.gateway-direction': code('spec', 'error', 'A gateway contradicts its declared direction.'),
  'spec.default-flow': code(
    'spec',
    'error',
    'A default flow is not an outgoing flow of its element, or has a condition.',
  ),
  'spec.conditional-flow': code(
    'spec',
    'error',
    'A sequence flow has a condition where the source does not allow one.',
  ),
  'spec.event-definition': code(
    'spec',
    'error',
    'An event definition is not allowed on this event or is incomplete.',
  ),
  'spec.timer-definition': code(
    'spec',
    'error',
    'A timer is not a valid ISO 8601 date, duration or repeating cycle.',
  ),
  'spec.loop-characteristics': code('spec', 'error', 'Loop or multi-instance settings are invalid.'),
  'spec.activity-quantity': code('spec', 'error', 'Start or completion quantity is below one.'),
  'spec.sub-process-structure': code(
    'spec',
    'error',
    'A sub-process breaks the rules for its start events or flows.',
  ),
  'spec.event-based-gateway': code(
    'spec',
    'error',
    'An event-based gateway is followed by something other than catch events or receive tasks.',
  ),
  'spec.message-flow': code('spec', 'error', 'A message flow connects elements it may not connect.'),
  'spec.structure': code('spec', 'error', 'The model breaks a structural rule of the specification.'),
  // BPMN specification rules (spec-rules area): references, flows, events, gateways, message flows.
  'spec.external-reference': code(
    'spec',
    'info',
    'A reference names an element in another namespace (an imported document or XML Schema); it is not checked.',
  ),
  'spec.diagram-reference': code(
    'spec',
    'warning',
    'A diagram (BPMN DI) reference names an element that does not exist; the drawing is incomplete.',
  ),
  'spec.flow-node-connections': code(
    'spec',
    'error',
    'A flow node lacks the incoming or outgoing sequence flows its kind requires, or has ones it may not have.',
  ),
  'spec.start-end-pairing': code(
    'spec',
    'error',
    'A process level uses start events without end events or the reverse, or leaves nodes unconnected.',
  ),
  'spec.link-event': code('spec', 'error', 'Link events do not pair up within one process level.'),
  'spec.escalation-code': code('spec', 'error', 'A thrown escalation has no escalation code.'),
  'spec.ad-hoc-sub-process': code('spec', 'error', 'An ad-hoc sub-process contains what it may not contain.'),
  'spec.compensation': code('spec', 'error', 'A compensation boundary event is not associated properly.'),
  'spec.data-io': code('spec', 'error', 'Data inputs, outputs and their sets do not fit together.'),
  'spec.item-definition': code(
    'spec',
    'warning',
    'A data element, message or event carries an item that does not fit where it is passed on (Caseflow does not type data, so this is a warning).',
  ),
  // Spec rules for expressions and called elements (BPMNspector EXT.013, EXT.123, EXT.099).
  'spec.expression': code(
    'spec',
    'error',
    'An expression the specification requires to be formal is empty or written in natural language.',
  ),
  'spec.called-element': code(
    'spec',
    'error',
    'A call activity calls a process of the document that it cannot start (no none start event).',
  ),
  'caseflow.no-executable-process': code('caseflow', 'error', 'No process is marked executable.'),
  'caseflow.no-start-event': code(
    'caseflow',
    'error',
    'An executable process has no start event Caseflow can start it from.',
  ),
  'caseflow.unsupported-element': code('caseflow', 'error', 'An element Caseflow does not execute.'),
  'caseflow.unreachable-node': code('caseflow', 'warning', 'A flow node can never be reached from a start.'),
  'caseflow.expression-invalid': code('caseflow', 'error', 'A FEEL expression does not parse.'),
  'caseflow.foreign-expression': code(
    'caseflow',
    'warning',
    'An expression is not FEEL: JUEL beyond the evaluated subset (warning) or another language (error).',
  ),
  'caseflow.call-activity-target': code(
    'caseflow',
    'error',
    'A call activity does not name the process to call.',
  ),
  'caseflow.missing-task-type': code(
    'caseflow',
    'warning',
    'A service-like task names no job type; it will complete without work.',
  ),
  // Execution-level validation (exec-* rules): what Caseflow needs beyond the specification to run a model.
  'caseflow.timer-without-value': code(
    'caseflow',
    'error',
    'A timer in an executable process has no date, duration or cycle, so it can never fire.',
  ),
  'caseflow.unsupported-timer': code(
    'caseflow',
    'error',
    'A timer is valid but not schedulable by Caseflow (a cron cycle, or a cycle of zero duration).',
  ),
  'caseflow.variable-mapping': code(
    'caseflow',
    'error',
    'A variable mapping or call activity binding lacks its source or its target.',
  ),
  'caseflow.multi-instance-input': code(
    'caseflow',
    'error',
    'A multi-instance activity has neither a cardinality nor an input collection.',
  ),
  'caseflow.multiple-none-start-events': code(
    'caseflow',
    'error',
    'A process has more than one none start event, so a plain start is ambiguous.',
  ),
  'caseflow.missing-id': code(
    'caseflow',
    'error',
    'A flow node of an executable process has no id; the engine addresses flow nodes by id.',
  ),
  'caseflow.event-name-missing': code(
    'caseflow',
    'error',
    'A message catch event names no message, or an error or escalation throw event gives no code to match.',
  ),
  'caseflow.duplicate-message-subscription': code(
    'caseflow',
    'error',
    'Two events wait for the same message at the same time, so a message could not be matched to one.',
  ),
  // Per-variable visibility (caseflow:variableVisibility; shared/bpmn/rules/exec-variable-visibility.ts).
  'caseflow.restricted-variable-name': code(
    'caseflow',
    'error',
    'A caseflow:restrictedVariable names no variable.',
  ),
  'caseflow.restricted-variable-duplicate': code(
    'caseflow',
    'error',
    'A process restricts the same variable twice, so which roles and groups may see it is ambiguous.',
  ),
  'caseflow.restricted-variable-role': code(
    'caseflow',
    'error',
    'A caseflow:restrictedVariable names a role Caseflow does not know (admin, designer, worker, automation).',
  ),
  'caseflow.variable-visibility-placement': code(
    'caseflow',
    'warning',
    'caseflow:variableVisibility belongs in the extension elements of a process; elsewhere it is ignored.',
  ),
  // Soundness analysis (shared/bpmn/rules/soundness-*.ts, docs/soundness.md).
  'soundness.lack-of-synchronisation': code(
    'soundness',
    'warning',
    'A branch of a parallel split loops back to the split without a parallel join: tokens pile up on every iteration.',
  ),
  'soundness.deadlock': code(
    'soundness',
    'warning',
    'A parallel join is fed by alternative branches of an exclusive, event-based or inclusive split: it never receives all its tokens.',
  ),
  'soundness.exclusive-merge-of-parallel': code(
    'soundness',
    'warning',
    'An exclusive or uncontrolled merge joins branches of a parallel split: what follows it runs once per branch.',
  ),
} as const satisfies Record<string, CodeDeclaration>;

export type DiagnosticCode = keyof typeof diagnosticCodes;
