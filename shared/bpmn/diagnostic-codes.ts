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
    'An expression is not FEEL; Caseflow evaluates only simple forms of it.',
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
