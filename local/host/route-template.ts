/**
 * Route templates in the ASP.NET Core syntax the Functions host uses: literal segments, `{name}`,
 * optional `{name?}`, defaults `{name=value}`, catch-all `{*rest}`, inline constraints `{id:int:min(1)}`,
 * and complex segments such as `{name}.{ext}`. Matching is case-insensitive and ignores a trailing slash;
 * parameter values are handed over as decoded strings.
 */
import { createRouteConstraint, type RouteConstraint } from './route-constraints.js';

interface RouteParameter {
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue: string | undefined;
  constraints: RouteConstraint[];
}

type SegmentPart = { literal: string } | { parameter: RouteParameter };

export interface RouteTemplate {
  readonly text: string;
  /** Orders templates like ASP.NET: literals before constrained parameters before parameters before catch-alls. */
  readonly precedence: readonly number[];
  match(path: string): Record<string, string> | undefined;
}

export function parseRouteTemplate(text: string): RouteTemplate {
  const segments = splitSegments(text.replace(/^[~/]+|\/+$/g, '')).map(parseSegment);
  const parameters: RouteParameter[] = [];
  const pattern = buildPattern(segments, parameters);
  const regex = new RegExp(`^${pattern}/?$`, 'i');
  return {
    text,
    precedence: segments.map(segmentPrecedence),
    match(path) {
      const found = regex.exec(path);
      if (!found) return undefined;
      const values: Record<string, string> = {};
      for (const [index, parameter] of parameters.entries()) {
        const raw = found[index + 1];
        const value = raw === undefined || raw === '' ? parameter.defaultValue : decode(raw);
        if (value === undefined) continue;
        if (!parameter.constraints.every((constraint) => constraint(value))) return undefined;
        values[parameter.name] = value;
      }
      return values;
    },
  };
}

/** Splits on `/` outside braces (a regex constraint may contain one). */
function splitSegments(text: string): string[] {
  if (text === '') return [];
  const segments: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '{') depth += 1;
    if (char === '}') depth = Math.max(0, depth - 1);
    if (char === '/' && depth === 0) {
      segments.push(current);
      current = '';
    } else current += char;
  }
  segments.push(current);
  if (segments.some((segment) => segment === '')) throw new Error(`Route "${text}" has an empty segment.`);
  return segments;
}

function parseSegment(segment: string): SegmentPart[] {
  const parts: SegmentPart[] = [];
  let literal = '';
  let index = 0;
  while (index < segment.length) {
    const char = segment[index] ?? '';
    const next = segment[index + 1];
    if ((char === '{' && next === '{') || (char === '}' && next === '}')) {
      literal += char;
      index += 2;
    } else if (char === '{') {
      const end = findParameterEnd(segment, index);
      if (literal !== '') parts.push({ literal });
      literal = '';
      parts.push({
        parameter: parseParameter(
          segment
            .slice(index + 1, end)
            .replaceAll('{{', '{')
            .replaceAll('}}', '}'),
        ),
      });
      index = end + 1;
    } else if (char === '}') {
      throw new Error(`Route segment "${segment}" has an unmatched "}".`);
    } else {
      literal += char;
      index += 1;
    }
  }
  if (literal !== '') parts.push({ literal });
  return parts;
}

/** The closing brace of a parameter; `}}` inside it is an escaped brace (e.g. in a regex constraint). */
function findParameterEnd(segment: string, start: number): number {
  for (let index = start + 1; index < segment.length; index += 1) {
    if (segment[index] !== '}') continue;
    if (segment[index + 1] === '}') index += 1;
    else return index;
  }
  throw new Error(`Route segment "${segment}" has an unclosed "{".`);
}

function parseParameter(body: string): RouteParameter {
  const catchAll = body.startsWith('*');
  let rest = body.replace(/^\*{1,2}/, '');
  let optional = false;
  let defaultValue: string | undefined;
  const equals = indexOutsideParentheses(rest, '=');
  if (equals >= 0) {
    defaultValue = rest.slice(equals + 1);
    rest = rest.slice(0, equals);
  } else if (rest.endsWith('?')) {
    optional = true;
    rest = rest.slice(0, -1);
  }
  const [name = '', ...constraintTexts] = splitOutsideParentheses(rest, ':');
  if (!/^[A-Za-z_][\w]*$/.test(name)) throw new Error(`Route parameter name "${name}" is not valid.`);
  const constraints = constraintTexts.map((constraint) => {
    const call = /^(\w+)(?:\((.*)\))?$/s.exec(constraint);
    if (!call) throw new Error(`Route constraint "${constraint}" is not valid.`);
    return createRouteConstraint(call[1] ?? '', call[2]);
  });
  return { name, optional, catchAll, defaultValue, constraints };
}

function indexOutsideParentheses(text: string, wanted: string): number {
  let depth = 0;
  for (const [index, char] of [...text].entries()) {
    if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === wanted && depth === 0) return index;
  }
  return -1;
}

function splitOutsideParentheses(text: string, separator: string): string[] {
  const parts: string[] = [];
  let rest = text;
  for (
    let index = indexOutsideParentheses(rest, separator);
    index >= 0;
    index = indexOutsideParentheses(rest, separator)
  ) {
    parts.push(rest.slice(0, index));
    rest = rest.slice(index + 1);
  }
  parts.push(rest);
  return parts;
}

function soleParameter(parts: SegmentPart[]): RouteParameter | undefined {
  const [only] = parts;
  return parts.length === 1 && only && 'parameter' in only ? only.parameter : undefined;
}

function canBeMissing(parts: SegmentPart[]): boolean {
  const parameter = soleParameter(parts);
  return (
    parameter !== undefined &&
    (parameter.optional || parameter.catchAll || parameter.defaultValue !== undefined)
  );
}

/** The regex source for all segments; trailing segments that may be missing nest as optional groups. */
function buildPattern(segments: SegmentPart[][], parameters: RouteParameter[]): string {
  let firstOptional = segments.length;
  while (firstOptional > 0 && canBeMissing(segments[firstOptional - 1] ?? [])) firstOptional -= 1;
  const catchAllIndex = segments.findIndex((parts) =>
    parts.some((part) => 'parameter' in part && part.parameter.catchAll),
  );
  if (catchAllIndex >= 0 && catchAllIndex !== segments.length - 1) {
    throw new Error('A catch-all route parameter must be the last segment.');
  }
  const required = segments.slice(0, firstOptional).map((parts) => `/${segmentPattern(parts, parameters)}`);
  const optional = segments.slice(firstOptional).map((parts) => segmentPattern(parts, parameters));
  const tail = optional.reduceRight((inner, pattern) => `(?:/${pattern}${inner})?`, '');
  return required.join('') + tail;
}

function segmentPattern(parts: SegmentPart[], parameters: RouteParameter[]): string {
  const single = soleParameter(parts);
  return parts
    .map((part) => {
      if ('literal' in part) return escapeRegex(part.literal);
      const { parameter } = part;
      if (!single && (parameter.optional || parameter.catchAll)) {
        throw new Error(
          `Route parameter "${parameter.name}" cannot be optional or catch-all inside a complex segment.`,
        );
      }
      parameters.push(parameter);
      // Greedy groups reproduce ASP.NET's right-to-left matching of complex segments ("a.b.pdf" -> "a.b" + "pdf").
      return parameter.catchAll ? '(.*)' : '([^/]+)';
    })
    .join('');
}

function segmentPrecedence(parts: SegmentPart[]): number {
  const parameter = soleParameter(parts);
  if (!parameter) return parts.every((part) => 'literal' in part) ? 1 : 2;
  if (parameter.catchAll) return 5;
  return parameter.constraints.length > 0 ? 3 : 4;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
