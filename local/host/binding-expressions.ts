/**
 * What the real host does to binding properties before using them: `%name%` is replaced by the app setting
 * `name` (a missing setting is an error), and a queue name is lower-cased and must be a valid storage queue
 * name (3-63 letters, digits and single inner dashes).
 */

export function resolveAppSettings(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/%([^%]+)%/g, (_match, name: string) => {
    const value = env[name];
    if (value === undefined) throw new Error(`'%${name}%' does not resolve to an app setting value.`);
    return value;
  });
}

export function queueNameFrom(raw: unknown, env: Readonly<Record<string, string>>): string {
  const name = resolveAppSettings(String(raw ?? ''), env).toLowerCase();
  if (!/^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/.test(name) || name.length < 3 || name.length > 63) {
    throw new Error(
      `'${name}' is not a valid queue name: use 3-63 lowercase letters, digits and single inner dashes.`,
    );
  }
  return name;
}
