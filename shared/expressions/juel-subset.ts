/**
 * The part of JUEL (Camunda 7's `${...}` expressions) Caseflow evaluates: one `${...}` holding a variable
 * reference, a negated one, or a comparison of two operands. Anything else (method calls, arithmetic, `&&`,
 * text around the braces, `#{...}` deferred syntax) is outside the subset and the importer warns about it.
 * Documented in docs/expressions.md.
 */

export type JuelOperand =
  | { readonly kind: 'path'; readonly path: readonly string[] }
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null };

export type JuelComparisonOperator = '==' | '!=' | '<' | '>' | '<=' | '>=';

export type JuelSubsetExpression =
  | { readonly kind: 'operand'; readonly operand: JuelOperand; readonly negated: boolean }
  | {
      readonly kind: 'comparison';
      readonly left: JuelOperand;
      readonly operator: JuelComparisonOperator;
      readonly right: JuelOperand;
    };

const wordOperators: Readonly<Record<string, JuelComparisonOperator>> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
};

const token =
  /\s*(?:(==|!=|<=|>=|<|>|!)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*))\s*/y;

type Token =
  | { readonly kind: 'operator'; readonly text: string }
  | { readonly kind: 'operand'; readonly operand: JuelOperand };

function tokenize(body: string): Token[] | undefined {
  const tokens: Token[] = [];
  token.lastIndex = 0;
  while (token.lastIndex < body.length) {
    const match = token.exec(body);
    if (!match) return undefined;
    const [, operator, quoted, number, path] = match;
    if (operator !== undefined) tokens.push({ kind: 'operator', text: operator });
    else if (quoted !== undefined) {
      const value = quoted.slice(1, -1).replace(/\\(.)/g, '$1');
      tokens.push({ kind: 'operand', operand: { kind: 'literal', value } });
    } else if (number !== undefined) {
      tokens.push({ kind: 'operand', operand: { kind: 'literal', value: Number(number) } });
    } else if (path !== undefined) tokens.push(wordToken(path));
  }
  return tokens;
}

function wordToken(word: string): Token {
  const operator = wordOperators[word];
  if (operator !== undefined) return { kind: 'operator', text: operator };
  if (word === 'not') return { kind: 'operator', text: '!' };
  if (word === 'true' || word === 'false') {
    return { kind: 'operand', operand: { kind: 'literal', value: word === 'true' } };
  }
  if (word === 'null') return { kind: 'operand', operand: { kind: 'literal', value: null } };
  return { kind: 'operand', operand: { kind: 'path', path: word.split('.') } };
}

/** The subset expression `source` holds, or `undefined` when it is JUEL outside the subset. */
export function parseJuelSubset(source: string): JuelSubsetExpression | undefined {
  const wrapped = /^\$\{([^{}]*)\}$/.exec(source.trim());
  const tokens = wrapped ? tokenize(wrapped[1] ?? '') : undefined;
  if (!tokens) return undefined;
  const [first, second, third] = tokens;
  if (tokens.length === 1 && first?.kind === 'operand') {
    return { kind: 'operand', operand: first.operand, negated: false };
  }
  if (tokens.length === 2 && first?.kind === 'operator' && first.text === '!' && second?.kind === 'operand') {
    return { kind: 'operand', operand: second.operand, negated: true };
  }
  if (
    tokens.length === 3 &&
    first?.kind === 'operand' &&
    second?.kind === 'operator' &&
    second.text !== '!' &&
    third?.kind === 'operand'
  ) {
    return {
      kind: 'comparison',
      left: first.operand,
      operator: second.text as JuelComparisonOperator,
      right: third.operand,
    };
  }
  return undefined;
}

/**
 * True when every `${` or `#{` in `source` is closed and holds something: the least a JUEL engine needs to
 * parse it. Camunda 7 refuses `${}` and unclosed braces at deployment, and so does Caseflow.
 */
export function isWellFormedJuel(source: string): boolean {
  let index = 0;
  while (index < source.length) {
    const open = source.slice(index).search(/[$#]\{/);
    if (open < 0) return true;
    const bodyStart = index + open + 2;
    const bodyEnd = closingBrace(source, bodyStart);
    if (bodyEnd < 0 || source.slice(bodyStart, bodyEnd).trim() === '') return false;
    index = bodyEnd + 1;
  }
  return true;
}

/** Index of the `}` closing a body that starts at `start`, skipping quoted text and nested braces; -1 if none. */
function closingBrace(source: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = start; index < source.length; index += 1) {
    const character = source[index];
    if (quote !== undefined) {
      if (character === '\\') index += 1;
      else if (character === quote) quote = undefined;
    } else if (character === "'" || character === '"') quote = character;
    else if (character === '{') depth += 1;
    else if (character === '}') {
      if (depth === 0) return index;
      depth -= 1;
    }
  }
  return -1;
}
