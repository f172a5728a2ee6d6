/** Imports a model and returns its diagnostics of the given codes, so rule tests see only their own. */
import type { DiagnosticCode } from '../../../shared/bpmn/diagnostic-codes.js';
import type { Diagnostic } from '../../../shared/bpmn/diagnostics.js';
import { importModel } from '../../../shared/bpmn/index.js';
import { executableProcess } from '../../support/models.js';

export async function diagnose(xml: string, ...codes: DiagnosticCode[]): Promise<Diagnostic[]> {
  const result = await importModel(xml);
  return result.diagnostics.filter((diagnostic) => codes.includes(diagnostic.code));
}

/** `[code, element, severity]` of each diagnostic: what most rule tests assert. */
export function summary(diagnostics: readonly Diagnostic[]): [string, string | undefined, string][] {
  return diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.element, diagnostic.severity]);
}

/** An executable process `start -> (elements) -> end`: `elements` is wired in by the caller's flows. */
export function around(elements: string, firstId: string, lastId: string): string {
  return executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="in" sourceRef="start" targetRef="${firstId}" />
  ${elements}
  <bpmn:sequenceFlow id="out" sourceRef="${lastId}" targetRef="end" />
  <bpmn:endEvent id="end" />`);
}
