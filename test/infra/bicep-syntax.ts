/**
 * Offline Bicep syntax checking with the tree-sitter-bicep grammar (its WASM build, run by web-tree-sitter):
 * the real Bicep compiler is a .NET program that is not available here. This gives syntax only; resource schemas
 * and API versions are checked by `az bicep build` / `what-if` in an Azure-connected pipeline.
 *
 * Known grammar gaps, worked around explicitly:
 * - `.bicepparam` assignments (`param x = value`) do not parse as Bicep, so parameter files are split into their
 *   `using` line and `param` assignments here, and each value is parsed wrapped as `var __value = <value>`.
 * - Object spread (`{ ...x }`), `extension` declarations, `resourceInput<>` types and some non-null assertions
 *   (`x!`) are reported as errors by the grammar although Bicep accepts them; the templates avoid them, and a
 *   syntax finding names these gaps so a false positive is recognisable.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';

export interface SyntaxError {
  readonly line: number;
  readonly message: string;
}

export interface ParsedBicep {
  readonly root: Node;
  readonly errors: readonly SyntaxError[];
}

export interface ParamAssignment {
  readonly name: string;
  readonly line: number;
  readonly value: Node;
}

export interface ParsedBicepParam {
  /** The template path in `using '<path>'`, relative to the parameter file. */
  readonly using: string | undefined;
  readonly assignments: readonly ParamAssignment[];
  readonly errors: readonly SyntaxError[];
}

const grammarGaps = 'spread, extension, resourceInput<> and some `!` are known tree-sitter-bicep gaps';

let parserPromise: Promise<Parser> | undefined;

/** One parser for the whole process: loading the WASM grammar is the slow part. */
export function bicepParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

export async function parseBicep(source: string, lineOffset = 0): Promise<ParsedBicep> {
  const parser = await bicepParser();
  const tree = parser.parse(source);
  if (tree === null) throw new Error('tree-sitter returned no tree');
  return { root: tree.rootNode, errors: syntaxErrors(tree.rootNode, lineOffset) };
}

function syntaxErrors(root: Node, lineOffset: number): SyntaxError[] {
  const errors: SyntaxError[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'ERROR' || node.isMissing) {
      const what = node.isMissing ? `missing ${node.type}` : `unexpected '${node.text.slice(0, 40)}'`;
      errors.push({ line: node.startPosition.row + 1 + lineOffset, message: `${what} (${grammarGaps})` });
      return;
    }
    for (const child of node.children) visit(child);
  };
  visit(root);
  return errors;
}

const usingLine = /^using\s+'([^']*)'\s*$/;
const paramStart = /^param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/;
const valueWrapper = 'var __value = ';

/**
 * Splits a `.bicepparam` file into statements: a statement starts at a line beginning with `using` or `param`
 * and runs to the next one (values may span lines); comment and blank lines between statements are skipped.
 */
export async function parseBicepParam(source: string): Promise<ParsedBicepParam> {
  const lines = source.split('\n');
  const statements: { line: number; text: string[] }[] = [];
  const errors: SyntaxError[] = [];
  lines.forEach((text, index) => {
    const trimmed = text.trim();
    if (/^(using|param)\b/.test(trimmed)) statements.push({ line: index + 1, text: [text] });
    else if (statements.length > 0 && trimmed !== '' && !trimmed.startsWith('//'))
      statements.at(-1)?.text.push(text);
    else if (statements.length === 0 && trimmed !== '' && !trimmed.startsWith('//')) {
      errors.push({ line: index + 1, message: `unexpected '${trimmed.slice(0, 40)}' before using` });
    }
  });
  let using: string | undefined;
  const assignments: ParamAssignment[] = [];
  for (const statement of statements) {
    const text = statement.text.join('\n').trim();
    const usingMatch = usingLine.exec(text);
    if (usingMatch) {
      if (using !== undefined) errors.push({ line: statement.line, message: 'more than one using line' });
      using = usingMatch[1];
      continue;
    }
    const paramMatch = paramStart.exec(text);
    if (!paramMatch?.[1]) {
      errors.push({ line: statement.line, message: `not a 'param <name> = <value>' assignment` });
      continue;
    }
    const parsed = await parseBicep(valueWrapper + text.slice(paramMatch[0].length), statement.line - 1);
    errors.push(...parsed.errors);
    const value = parsed.root.namedChildren[0]?.namedChildren[1];
    if (value) assignments.push({ name: paramMatch[1], line: statement.line, value });
    else errors.push({ line: statement.line, message: `param ${paramMatch[1]} has no value` });
  }
  if (using === undefined) errors.push({ line: 1, message: `no using '<template>' line` });
  return { using, assignments, errors };
}
