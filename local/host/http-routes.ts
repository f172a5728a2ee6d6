/**
 * The HTTP route table: each HTTP-triggered function's route (default: its name) under the host.json route
 * prefix, its methods (none listed = every method) and its authLevel. A request goes to the most specific
 * template that matches both path and method; anything else is a 404, as in the real host (no 405).
 */
import type { HostFunction } from './function-index.js';
import type { HostLogSink } from './host-log.js';
import { parseRouteTemplate, type RouteTemplate } from './route-template.js';

export type AuthLevel = 'anonymous' | 'function' | 'admin';

export interface HttpRoute {
  function: HostFunction;
  template: RouteTemplate;
  methods: ReadonlySet<string> | undefined;
  authLevel: AuthLevel;
}

export interface HttpRouteMatch {
  route: HttpRoute;
  params: Record<string, string>;
}

export function buildHttpRoutes(
  functions: readonly HostFunction[],
  routePrefix: string,
  log: HostLogSink,
): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const hostFunction of functions) {
    const { trigger } = hostFunction;
    const route = typeof trigger.route === 'string' ? trigger.route : hostFunction.name;
    const methods =
      Array.isArray(trigger.methods) && trigger.methods.length > 0 ? trigger.methods : undefined;
    const authLevel = String(trigger.authLevel ?? 'function').toLowerCase();
    if (authLevel !== 'anonymous' && authLevel !== 'function' && authLevel !== 'admin') {
      log({
        level: 'error',
        category: 'host',
        message: `Function '${hostFunction.name}': authLevel '${authLevel}' is not valid.`,
      });
      continue;
    }
    try {
      routes.push({
        function: hostFunction,
        template: parseRouteTemplate(
          [routePrefix, route.replace(/^\/+/, '')].filter((part) => part !== '').join('/'),
        ),
        methods: methods && new Set(methods.map((method) => String(method).toUpperCase())),
        authLevel,
      });
    } catch (error) {
      const message = `Function '${hostFunction.name}' was not loaded: route '${route}' is not valid: ${(error as Error).message}`;
      log({ level: 'error', category: 'host', message });
    }
  }
  return routes.sort((a, b) => comparePrecedence(a.template.precedence, b.template.precedence));
}

function comparePrecedence(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return b.length - a.length;
}

export function matchHttpRoute(
  routes: readonly HttpRoute[],
  method: string,
  path: string,
): HttpRouteMatch | undefined {
  for (const route of routes) {
    if (route.methods && !route.methods.has(method.toUpperCase())) continue;
    const params = route.template.match(path);
    if (params) return { route, params };
  }
  return undefined;
}

export function describeRoute(route: HttpRoute): string {
  const methods = route.methods ? [...route.methods].join(',') : 'all methods';
  return `${route.function.name}: [${methods}] /${route.template.text.replace(/^\/+/, '')}`;
}
