/**
 * Classifies the expressions a model carries, whatever tool wrote it: Camunda 8 writes FEEL as `=expr`,
 * Camunda 7 writes JUEL as `${expr}`, bpmn.io and others write plain FEEL or declare another language.
 */
import type { Expression } from '../graph.js';

const feelLanguages = new Set([
  'feel',
  'http://www.omg.org/spec/feel/20140401',
  'https://www.omg.org/spec/dmn/20191111/feel/',
  'http://www.omg.org/spec/dmn/20180521/feel/',
]);

/** The BPMN default `expressionLanguage` (XPath) is never what designers mean, so it counts as unspecified. */
const unspecifiedLanguages = new Set(['', 'http://www.w3.org/1999/xpath']);

/** An expression body from a condition, cardinality, activation condition and the like. */
export function classifyExpression(body: string, declaredLanguage?: string): Expression {
  const source = body.trim();
  if (source.startsWith('=')) return { language: 'feel', source: source.slice(1).trim() };
  if (/[$#]\{/.test(source)) return { language: 'juel', source };
  const language = declaredLanguage?.trim().toLowerCase() ?? '';
  if (unspecifiedLanguages.has(language) || feelLanguages.has(language)) return { language: 'feel', source };
  if (language === 'juel' || language.includes('juel')) return { language: 'juel', source };
  return { language: 'foreign', source, declaredLanguage: declaredLanguage?.trim() ?? '' };
}

/**
 * A value that is plain text unless marked as an expression (`=expr` in Camunda 8, `${expr}` in Camunda 7):
 * assignees, due dates, timer values, called process ids.
 */
export function classifyValue(value: string): Expression {
  const source = value.trim();
  if (source.startsWith('=')) return { language: 'feel', source: source.slice(1).trim() };
  if (/[$#]\{/.test(source)) return { language: 'juel', source };
  return { language: 'literal', source };
}
