/** The codes of the spec-level diagnostics a model gets, for rule tests that only care which rule fired. */
import { importModel } from '../../shared/bpmn/index.js';
import { isSpecLevel, type Diagnostic } from '../../shared/bpmn/diagnostics.js';

export async function specErrors(xml: string): Promise<Diagnostic[]> {
  const result = await importModel(xml);
  return result.diagnostics.filter(
    (diagnostic) => diagnostic.severity === 'error' && isSpecLevel(diagnostic),
  );
}

export async function specErrorCodes(xml: string): Promise<string[]> {
  return [...new Set((await specErrors(xml)).map((diagnostic) => diagnostic.code))].sort();
}
