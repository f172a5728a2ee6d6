/**
 * Checks that FEEL text parses, without evaluating it. feelin's parser is error-tolerant: it always returns a
 * tree and marks what it could not read with error nodes, so "parses" means "no error node". Models repeat
 * the same expressions often, so results are cached (bounded, so a hostile model cannot grow it forever).
 */
import { parseExpression } from 'feelin';

export interface FeelSyntaxResult {
  readonly valid: boolean;
  /** 0-based offset of the first unreadable character, when invalid. */
  readonly errorOffset?: number;
}

const cacheLimit = 5000;
const expressionCache = new Map<string, FeelSyntaxResult>();

type Tree = ReturnType<typeof parseExpression>;

function check(tree: Tree): FeelSyntaxResult {
  let errorOffset: number | undefined;
  tree.iterate({
    enter(node) {
      if (errorOffset !== undefined) return false;
      if (node.type.isError) errorOffset = node.from;
      return undefined;
    },
  });
  return errorOffset === undefined ? { valid: true } : { valid: false, errorOffset };
}

function cached(
  cache: Map<string, FeelSyntaxResult>,
  text: string,
  parse: (text: string) => Tree,
): FeelSyntaxResult {
  const known = cache.get(text);
  if (known) return known;
  const result = text.trim() === '' ? { valid: false, errorOffset: 0 } : check(parse(text));
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(text, result);
  return result;
}

/** A FEEL expression (conditions, mappings, timer expressions), without Camunda 8's leading `=`. */
export function checkFeelExpression(text: string): FeelSyntaxResult {
  return cached(expressionCache, text, (source) => parseExpression(source, {}, undefined));
}

/**
 * The variables a FEEL expression reads (function names left out), in order of appearance; none for an
 * expression that does not parse. Names bound inside it (`for x in`, contexts) may be listed too.
 */
export function feelVariableNames(text: string): string[] {
  if (!checkFeelExpression(text).valid) return [];
  const names: string[] = [];
  parseExpression(text, {}, undefined).iterate({
    enter(node) {
      if (node.type.name !== 'VariableName' || node.node.parent?.type.name === 'FunctionInvocation') return;
      const name = text.slice(node.from, node.to);
      if (!names.includes(name)) names.push(name);
    },
  });
  return names;
}
