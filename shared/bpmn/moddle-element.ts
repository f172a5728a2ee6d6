/**
 * bpmn-moddle builds a loosely typed object graph; this is the slice of it the importer relies on, and
 * small accessors that keep unchecked property reads in one place.
 */
export interface ModdleElement {
  readonly $type: string;
  readonly $parent?: ModdleElement;
  readonly $attrs?: Readonly<Record<string, string>>;
  readonly id?: string;
  readonly name?: string;
  readonly [property: string]: unknown;
}

export function isModdleElement(value: unknown): value is ModdleElement {
  return (
    typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string'
  );
}

/** A reference or child property, whether moddle resolved it to an element or not. */
export function elementProperty(element: ModdleElement, property: string): ModdleElement | undefined {
  const value = element[property];
  return isModdleElement(value) ? value : undefined;
}

export function elementList(element: ModdleElement, property: string): ModdleElement[] {
  const value = element[property];
  return Array.isArray(value) ? value.filter(isModdleElement) : [];
}

export function stringProperty(element: ModdleElement, property: string): string | undefined {
  const value = element[property];
  return typeof value === 'string' ? value : undefined;
}

export function booleanProperty(element: ModdleElement, property: string): boolean | undefined {
  const value = element[property];
  return typeof value === 'boolean' ? value : undefined;
}

/** Extension elements of one type (e.g. `zeebe:TaskDefinition`) under `bpmn:extensionElements`. */
export function extensions(element: ModdleElement, type: string): ModdleElement[] {
  const container = elementProperty(element, 'extensionElements');
  return container ? elementList(container, 'values').filter((value) => value.$type === type) : [];
}

/** The body of a `bpmn:FormalExpression` or plain expression element. */
export function expressionBody(expression: ModdleElement | undefined): string | undefined {
  if (!expression) return undefined;
  const body = stringProperty(expression, 'body');
  return body?.trim() === '' ? undefined : body?.trim();
}

/** True when the element's type is `type` or a subtype of it (moddle instances carry `$instanceOf`). */
export function isA(element: ModdleElement, type: string): boolean {
  const instanceOf = (element as { $instanceOf?: (type: string) => boolean }).$instanceOf;
  return typeof instanceOf === 'function' ? instanceOf.call(element, type) : element.$type === type;
}
