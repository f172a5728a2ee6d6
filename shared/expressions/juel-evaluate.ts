/**
 * The Camunda 7 JUEL subset Caseflow runs: `${name}`, `${a.b}`, literals, comparisons (`==`, `!=`, `<`, `<=`,
 * `>`, `>=` and their word forms), `!`/`not`, `&&`/`and`, `||`/`or` and parentheses. Anything else (method
 * calls, arithmetic, beans) is reported, so the engine raises an incident instead of guessing.
 */
import type { JsonValue } from './json-value.js';
import type { EvaluationOutcome } from './feel-evaluate.js';

const tokenPattern =
  /\s*(?:(\d+(?:\.\d+)?)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(==|!=|<=|>=|&&|\|\||[<>!()])|([A-Za-z_][\w.]*))/y;
const wordOperators: Readonly<Record<string, string>> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  and: '&&',
  or: '||',
  not: '!',
};

type Token =
  { readonly kind: 'value'; readonly value: JsonValue } | { readonly kind: 'op'; readonly op: string };

class JuelError extends Error {}

function tokenize(text: string, variables: Readonly<Record<string, unknown>>): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(tokenPattern.lastIndex))) break;
    const match = tokenPattern.exec(text);
    if (!match) throw new JuelError(`unsupported JUEL at "${text.slice(tokenPattern.lastIndex).trim()}"`);
    const [, number, single, double, op, name] = match;
    if (number !== undefined) tokens.push({ kind: 'value', value: Number(number) });
    else if (single !== undefined || double !== undefined)
      tokens.push({ kind: 'value', value: single ?? double ?? '' });
    else if (op !== undefined) tokens.push({ kind: 'op', op });
    else if (name !== undefined) tokens.push(nameToken(name, variables));
  }
  return tokens;
}

function nameToken(name: string, variables: Readonly<Record<string, unknown>>): Token {
  const word = wordOperators[name];
  if (word !== undefined) return { kind: 'op', op: word };
  if (name === 'true' || name === 'false') return { kind: 'value', value: name === 'true' };
  if (name === 'null') return { kind: 'value', value: null };
  let value: unknown = variables;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || !(part in value)) {
      throw new JuelError(`unknown property used in expression: ${name}`);
    }
    value = (value as Record<string, unknown>)[part];
  }
  return { kind: 'value', value: value as JsonValue };
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): JsonValue {
    const value = this.or();
    if (this.position < this.tokens.length) throw new JuelError('unexpected input after the expression');
    return value;
  }

  private peekOp(...ops: string[]): string | undefined {
    const token = this.tokens[this.position];
    return token?.kind === 'op' && ops.includes(token.op) ? token.op : undefined;
  }

  private or(): JsonValue {
    let left = this.and();
    while (this.peekOp('||')) {
      this.position++;
      const right = this.and();
      left = left === true || right === true;
    }
    return left;
  }

  private and(): JsonValue {
    let left = this.comparison();
    while (this.peekOp('&&')) {
      this.position++;
      const right = this.comparison();
      left = left === true && right === true;
    }
    return left;
  }

  private comparison(): JsonValue {
    const left = this.unary();
    const op = this.peekOp('==', '!=', '<', '<=', '>', '>=');
    if (!op) return left;
    this.position++;
    const right = this.unary();
    if (op === '==') return JSON.stringify(left) === JSON.stringify(right);
    if (op === '!=') return JSON.stringify(left) !== JSON.stringify(right);
    if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string')) {
      throw new JuelError(`cannot compare ${JSON.stringify(left)} and ${JSON.stringify(right)}`);
    }
    const [a, b] = [left as number | string, right as number | string];
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  }

  private unary(): JsonValue {
    if (this.peekOp('!')) {
      this.position++;
      return this.unary() !== true;
    }
    if (this.peekOp('(')) {
      this.position++;
      const value = this.or();
      if (!this.peekOp(')')) throw new JuelError('missing ")"');
      this.position++;
      return value;
    }
    const token = this.tokens[this.position++];
    if (token?.kind !== 'value') throw new JuelError('expected a value');
    return token.value;
  }
}

export function evaluateJuel(
  source: string,
  variables: Readonly<Record<string, unknown>>,
): EvaluationOutcome {
  const match = /^\s*[$#]\{([\s\S]*)\}\s*$/.exec(source);
  if (!match || match[1] === undefined || match[1].includes('}')) {
    return { ok: false, message: `Only a single \${...} JUEL expression is supported: ${source}` };
  }
  try {
    return { ok: true, value: new Parser(tokenize(match[1], variables)).parse() };
  } catch (thrown) {
    if (thrown instanceof JuelError) return { ok: false, message: `JUEL: ${thrown.message} in ${source}` };
    throw thrown;
  }
}
