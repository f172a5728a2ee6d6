/**
 * A small JSON Schema (2020-12) checker for the keywords this repository's published schemas use: type,
 * enum, const, required, properties, additionalProperties, items, pattern, minimum and local $ref. It
 * returns the problems found, so contract tests need no extra dependency. Unknown keywords are errors.
 */
type Schema = Record<string, unknown>;

const known = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  '$defs',
  'format',
  'type',
  'enum',
  'const',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'pattern',
  'minimum',
  '$ref',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function schemaProblems(root: Schema, value: unknown): string[] {
  const problems: string[] = [];
  const check = (schema: Schema, current: unknown, at: string): void => {
    for (const keyword of Object.keys(schema))
      if (!known.has(keyword)) problems.push(`${at}: unsupported keyword ${keyword}`);
    if (typeof schema.$ref === 'string') {
      const target = schema.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, part) => (node as Schema)[part], root);
      check(target as Schema, current, at);
    }
    const actual = typeOf(current);
    if (
      typeof schema.type === 'string' &&
      actual !== schema.type &&
      !(schema.type === 'number' && actual === 'integer')
    ) {
      problems.push(`${at}: expected ${schema.type}, got ${actual}`);
      return;
    }
    if (Array.isArray(schema.enum) && !schema.enum.includes(current))
      problems.push(`${at}: ${JSON.stringify(current)} not in enum`);
    if ('const' in schema && schema.const !== current)
      problems.push(`${at}: expected ${JSON.stringify(schema.const)}`);
    if (
      typeof schema.pattern === 'string' &&
      typeof current === 'string' &&
      !new RegExp(schema.pattern, 'u').test(current)
    ) {
      problems.push(`${at}: ${current} does not match ${schema.pattern}`);
    }
    if (typeof schema.minimum === 'number' && typeof current === 'number' && current < schema.minimum)
      problems.push(`${at}: below minimum`);
    if (actual === 'object') {
      const object = current as Record<string, unknown>;
      for (const name of (schema.required as string[] | undefined) ?? [])
        if (!(name in object)) problems.push(`${at}: missing ${name}`);
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      for (const [name, entry] of Object.entries(object)) {
        const property = properties[name];
        if (property) check(property, entry, `${at}.${name}`);
        else if (schema.additionalProperties === false) problems.push(`${at}: unexpected property ${name}`);
      }
    }
    if (actual === 'array' && schema.items) {
      (current as unknown[]).forEach((item, index) => check(schema.items as Schema, item, `${at}[${index}]`));
    }
  };
  check(root, value, '$');
  return problems;
}
