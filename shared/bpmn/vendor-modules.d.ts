// bpmn-moddle ships its types under a separate export that does not describe the runtime entry point.
declare module 'bpmn-moddle' {
  import type { ModdleElement } from './moddle-element.js';

  export interface ModdleWarning {
    message: string;
    element?: ModdleElement;
    property?: string;
    value?: unknown;
    error?: Error;
  }

  export interface ParseResult {
    rootElement: ModdleElement;
    elementsById: Record<string, ModdleElement>;
    references: unknown[];
    warnings: ModdleWarning[];
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, options?: { lax?: boolean }): Promise<ParseResult>;
  }
}

// saxen, the XML tokenizer under bpmn-moddle; only its constructor is touched (see parser-guard.ts).
declare module 'saxen' {
  export const Parser: { prototype: object };
}
