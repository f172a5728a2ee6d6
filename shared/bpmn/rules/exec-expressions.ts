/**
 * Expressions of executable processes must be something Caseflow can evaluate: FEEL that parses, or JUEL
 * (Camunda 7) within the subset Caseflow evaluates. JUEL beyond the subset is a warning (it fails only when
 * reached); other declared languages (JavaScript, Groovy, XPath written out) and non-FEEL scripts are errors.
 */
import { checkFeelExpression } from '../../expressions/feel-syntax.js';
import { isWellFormedJuel, parseJuelSubset } from '../../expressions/juel-subset.js';
import { compileProcess } from '../compile/compile-process.js';
import type { ProcessGraph } from '../graph.js';
import { expressionSites } from './exec-expression-sites.js';
import { clipText, elementDescription } from '../element-description.js';
import { isExecutableProcess } from './element-helpers.js';
import type { RuleContext, ValidationRule } from './rule.js';

/** Expression sites name graph ids; messages name the element like every other rule does. */
function describeGraphElement(graph: ProcessGraph, id: string): string {
  const node = graph.nodes[id];
  if (node) return elementDescription(node.type, id, node.name);
  return elementDescription('bpmn:SequenceFlow', id, graph.flows[id]?.name);
}

function checkGraph(graph: ProcessGraph, { sink }: RuleContext): void {
  for (const { element, role, expression } of expressionSites(graph)) {
    const subject = `The ${role} of ${describeGraphElement(graph, element)}`;
    const source = expression.source;
    if (expression.language === 'feel') {
      const result = checkFeelExpression(source);
      if (!result.valid) {
        sink.report(
          'caseflow.expression-invalid',
          `${subject} is not valid FEEL: "${clipText(source)}" cannot be read from character ${(result.errorOffset ?? 0) + 1}.`,
          { element },
        );
      }
    } else if (expression.language === 'juel') {
      if (!isWellFormedJuel(source)) {
        sink.report(
          'caseflow.expression-invalid',
          `${subject} is not a well-formed JUEL expression: "${clipText(source)}".`,
          { element },
        );
      } else if (!parseJuelSubset(source)) {
        sink.report(
          'caseflow.foreign-expression',
          `${subject} is JUEL beyond what Caseflow evaluates (one \${variable}, \${!variable} or \${a == b}-style comparison): "${clipText(source)}". Rewrite it in FEEL.`,
          { element },
        );
      }
    } else if (expression.language === 'foreign') {
      sink.report(
        'caseflow.foreign-expression',
        `${subject} is written in "${expression.declaredLanguage ?? ''}"; Caseflow evaluates FEEL (and simple JUEL) only: "${clipText(source)}".`,
        { element, severity: 'error' },
      );
    }
  }
  for (const node of Object.values(graph.nodes)) {
    if (node.script && node.script.format !== 'feel') {
      sink.report(
        'caseflow.foreign-expression',
        `The script of ${elementDescription(node.type, node.id, node.name)} is in "${node.script.format || 'an undeclared language'}"; Caseflow runs FEEL scripts only (or give the task a job type).`,
        { element: node.id, severity: 'error' },
      );
    }
  }
}

export const execExpressionsRule: ValidationRule = {
  name: 'exec-expressions',
  check(context) {
    for (const process of context.model.processes.filter(isExecutableProcess)) {
      checkGraph(compileProcess(process, context.model), context);
    }
  },
};
