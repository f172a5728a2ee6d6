/**
 * Reads decoded BPMN XML with bpmn-moddle (plus the Camunda 7, Camunda 8 and Caseflow extension
 * descriptors) and turns everything the parser complains about into diagnostics. Parsing is lax: the parser
 * skips what it cannot read and the importer reports it, so a designer sees every problem at once.
 */
import { createRequire } from 'node:module';
import { BpmnModdle, type ModdleWarning } from 'bpmn-moddle';
import { caseflowModdleDescriptor } from './caseflow-moddle.js';
import type { DiagnosticSink, SourcePosition } from './diagnostics.js';
import { clipText, describeElement } from './element-description.js';
import type { ModdleElement } from './moddle-element.js';
import { classifyReference, restoreReference } from './qualified-reference.js';
import { installParserGuard, ParserProblemLimit, withProblemLimit } from './parser-guard.js';

const require = createRequire(import.meta.url);

let moddle: BpmnModdle | undefined;

function parser(): BpmnModdle {
  installParserGuard();
  moddle ??= new BpmnModdle({
    camunda: require('camunda-bpmn-moddle/resources/camunda.json') as unknown,
    zeebe: zeebeExecutionDescriptor(),
    caseflow: caseflowModdleDescriptor,
  });
  return moddle;
}

/**
 * The Camunda 7 and Camunda 8 descriptors both declare modeler-template attributes with the same names, and
 * moddle refuses such overrides. Those attributes only matter to the modeler, so the zeebe copy is left out.
 */
function zeebeExecutionDescriptor(): unknown {
  const descriptor = structuredClone(require('zeebe-bpmn-moddle/resources/zeebe.json')) as {
    types: { name: string }[];
  };
  const modelerOnly = new Set(['TemplateSupported', 'TemplatedRootElement']);
  descriptor.types = descriptor.types.filter((type) => !modelerOnly.has(type.name));
  return descriptor;
}

export interface ParsedDefinitions {
  readonly definitions: ModdleElement;
  readonly elementsById: Readonly<Record<string, ModdleElement>>;
}

/**
 * Camunda 7 still reads models that bind its attributes to the Activiti namespace it grew out of; so does
 * Caseflow, by reading that namespace as Camunda 7's. Only namespace declarations are rewritten.
 */
const activitiNamespace = /(xmlns:[A-Za-z_][\w.-]*\s*=\s*)(["'])http:\/\/activiti\.org\/bpmn\2/g;

function withCamundaNamespace(xml: string): string {
  return xml.replace(activitiNamespace, '$1$2http://camunda.org/schema/1.0/bpmn$2');
}

/** `maxProblems` bounds how many parser problems are located before parsing stops (see parser-guard.ts). */
export async function parseDefinitions(
  xml: string,
  sink: DiagnosticSink,
  maxProblems = Number.POSITIVE_INFINITY,
): Promise<ParsedDefinitions | undefined> {
  const moddleParser = parser();
  try {
    const result = await withProblemLimit(maxProblems, () =>
      moddleParser.fromXML(withCamundaNamespace(xml), { lax: true }),
    );
    const parsed = { definitions: result.rootElement, elementsById: result.elementsById };
    for (const warning of result.warnings) reportWarning(warning, sink, parsed);
    return parsed;
  } catch (thrown) {
    reportFatal(thrown, sink);
    return undefined;
  }
}

const nestedErrorPattern = /\n\s*line: (\d+)\n\s*column: (\d+)\n\s*nested error: ([\s\S]*)$/;

function reportFatal(thrown: unknown, sink: DiagnosticSink): void {
  if (thrown instanceof ParserProblemLimit) {
    const warnings = (thrown as { warnings?: ModdleWarning[] }).warnings ?? [];
    for (const warning of warnings) reportWarning(warning, sink);
    sink.report(
      'xml.too-many-problems',
      `Reading stopped after ${thrown.limit} problems; fix these and import again to see the rest.`,
    );
    return;
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  if (message.startsWith('failed to parse document as <bpmn:Definitions>')) {
    sink.report('xml.not-bpmn', 'The root element is not a BPMN 2.0 <definitions> element.');
    return;
  }
  const nested = nestedErrorPattern.exec(message);
  sink.report(
    'xml.not-well-formed',
    `The document is not well-formed XML: ${clip(nested?.[3] ?? message)}.`,
    {
      ...(nested ? { position: moddlePosition(nested) } : {}),
    },
  );
}

/** `parsed` is absent when parsing stopped early; references are then reported without resolving them. */
function reportWarning(warning: ModdleWarning, sink: DiagnosticSink, parsed?: ParsedDefinitions): void {
  const nested = nestedErrorPattern.exec(warning.message);
  if (nested) {
    const cause = clip(nested[3] ?? '');
    const position = moddlePosition(nested);
    const duplicate = /^duplicate ID <(.*)>$/.exec(cause);
    if (duplicate) {
      sink.report(
        'spec.duplicate-id',
        `The id "${duplicate[1]}" is used by more than one element; the later one was dropped.`,
        {
          position,
        },
      );
    } else if (/^(unrecognized element|unknown type)/.test(cause)) {
      sink.report('xml.unreadable-content', `Not a BPMN element here: ${cause}.`, { position });
    } else {
      sink.report('xml.not-well-formed', `Unreadable content: ${cause}.`, { position });
    }
    return;
  }
  const unresolved = /^unresolved reference <(.*)>$/.exec(warning.message);
  if (unresolved) {
    reportUnresolved(warning, unresolved[1] ?? '', sink, parsed);
    return;
  }
  const unknownAttribute = /^unknown attribute <(.*)>$/.exec(warning.message);
  if (unknownAttribute) {
    const owner = warning.element?.id;
    sink.report(
      'xml.unknown-attribute',
      `Unknown attribute ${clip(unknownAttribute[1] ?? '')} is ignored.`,
      owner !== undefined ? { element: owner } : {},
    );
    return;
  }
  sink.report('xml.unreadable-content', clip(warning.message));
}

/** Parser messages quote the offending text, which hostile input can make megabytes long. */
const clip = (text: string) => clipText(text, 200);

function reportUnresolved(
  warning: ModdleWarning,
  value: string,
  sink: DiagnosticSink,
  parsed?: ParsedDefinitions,
): void {
  const owner = warning.element?.id;
  const at = owner !== undefined ? { element: owner } : {};
  const ownerText = warning.element ? describeElement(warning.element) : 'an element';
  const what = `${warning.property ?? 'A reference'} of ${ownerText}`;
  const reference = parsed
    ? classifyReference(value, parsed.definitions, parsed.elementsById)
    : ({ kind: 'dangling' } as const);
  if (reference.kind === 'local') {
    if (warning.element && warning.property)
      restoreReference(warning.element, warning.property, reference.target);
    return;
  }
  if (reference.kind === 'external') {
    const source = reference.imported ? 'an imported document' : `the namespace ${reference.namespace}`;
    sink.report(
      'spec.external-reference',
      `${what} names "${clip(value)}" in ${source}; it is not checked.`,
      at,
    );
    return;
  }
  // Diagram interchange only draws the model: a broken drawing reference does not change its meaning.
  if (/^(bpmndi|di|dc):/.test(warning.element?.$type ?? '')) {
    sink.report('spec.diagram-reference', `${what} names "${clip(value)}", which does not exist.`, at);
    return;
  }
  sink.report('spec.unresolved-reference', `${what} names "${clip(value)}", which does not exist.`, at);
}

/** moddle counts lines and columns from 0. */
function moddlePosition(match: RegExpExecArray): SourcePosition {
  return { line: Number(match[1]) + 1, column: Number(match[2]) + 1 };
}
