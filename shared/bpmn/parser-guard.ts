/**
 * Bounds the work the XML parser does on hostile input. saxen (under bpmn-moddle) works out the line and
 * column of every problem by rescanning the document from its start, so a document with many problems costs
 * problems x size: a 10 MB file with 100,000 broken attributes parses for hours. This guard counts those
 * position look-ups and stops the parse once a document has shown more problems than anyone will read.
 *
 * saxen gives no hook for this. Its constructor assigns `this.on = ...`; an accessor on `Parser.prototype`
 * receives that assignment, so every parser instance registers its handlers through a counting wrapper.
 */
import { Parser } from 'saxen';

/** Thrown from inside the parse when the budget is spent; `parse.ts` turns it into a diagnostic. */
export class ParserProblemLimit extends Error {
  constructor(readonly limit: number) {
    super(`parsing stopped after ${limit} problems`);
  }
}

type Handler = (...args: unknown[]) => unknown;
type On = (this: object, name: string, handler: Handler) => unknown;

/** Problems the parse under way may still report. Parsing is synchronous, so one slot suffices. */
let remainingProblems = Number.POSITIVE_INFINITY;
let problemLimit = Number.POSITIVE_INFINITY;

/** Runs `parse` (which must parse synchronously before it returns) with at most `limit` problems. */
export function withProblemLimit<T>(limit: number, parse: () => T): T {
  remainingProblems = limit;
  problemLimit = limit;
  try {
    return parse();
  } finally {
    remainingProblems = Number.POSITIVE_INFINITY;
    problemLimit = Number.POSITIVE_INFINITY;
  }
}

function countingHandlers(on: On): On {
  return function (this: object, name, handler) {
    return on.call(this, name, (...args: unknown[]) => {
      // Every saxen callback passes its (expensive) position getter last.
      const last = args.length - 1;
      const getContext = args[last];
      if (typeof getContext === 'function') {
        args[last] = () => {
          remainingProblems -= 1;
          if (remainingProblems < 0) throw new ParserProblemLimit(problemLimit);
          return (getContext as () => unknown)();
        };
      }
      return handler(...args);
    });
  };
}

let installed = false;

export function installParserGuard(): void {
  if (installed) return;
  installed = true;
  Object.defineProperty(Parser.prototype, 'on', {
    configurable: true,
    set(this: object, on: On) {
      Object.defineProperty(this, 'on', { value: countingHandlers(on), writable: true, configurable: true });
    },
  });
}
