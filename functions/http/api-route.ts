/**
 * The thin adapter between Azure Functions HTTP triggers and the pure shared/ code: registers a route,
 * authenticates the caller (unless the route is public), checks its roles, and turns every thrown error into problem+json.
 * Every route registered here is listed in `registeredRoutes`, which the OpenAPI test checks.
 */
// @azure/functions is CommonJS: its values come through the default import under ESM.
import azureFunctions, {
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import * as df from 'durable-functions';
import { problemContentType, problemFor } from '../../shared/http/problem.js';
import { requireRole, type Principal, type Role } from '../../shared/identity/principal.js';
import { authenticateRequest } from '../../shared/identity/request-authentication.js';
import { requestAuthentication } from './app-services.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RegisteredRoute {
  readonly name: string;
  readonly method: HttpMethod;
  /** The Functions route template, without the `api/` prefix. */
  readonly route: string;
  /** Roles of which the caller needs one; absent: any authenticated caller (or anyone, for public routes). */
  readonly roles?: readonly Role[];
}

export const registeredRoutes: RegisteredRoute[] = [];

interface RouteDefinition<P> {
  readonly name: string;
  readonly method: HttpMethod;
  readonly route: string;
  readonly public?: P;
  readonly roles?: P extends true ? never : readonly Role[];
  /** The handler uses the Durable client (`durableClientOf(context)`): the route declares its input binding. */
  readonly durableClient?: boolean;
  readonly handler: (
    request: HttpRequest,
    principal: P extends true ? undefined : Principal,
    context: InvocationContext,
  ) => Promise<HttpResponseInit>;
}

export function apiRoute<P extends boolean = false>(definition: RouteDefinition<P>): void {
  registeredRoutes.push({
    name: definition.name,
    method: definition.method,
    route: definition.route,
    ...(definition.roles ? { roles: definition.roles } : {}),
  });
  azureFunctions.app.http(definition.name, {
    route: definition.route,
    methods: [definition.method],
    authLevel: 'anonymous',
    ...(definition.durableClient ? { extraInputs: [df.input.durableClient()] } : {}),
    handler: async (request, context) => {
      try {
        const principal = definition.public
          ? undefined
          : await authenticateRequest(request.headers, requestAuthentication());
        if (principal && definition.roles) requireRole(principal, definition.roles);
        return await definition.handler(
          request,
          principal as P extends true ? undefined : Principal,
          context,
        );
      } catch (error) {
        const problem = problemFor(error);
        // Clients get the stable code only; the log keeps the whole error for operators.
        if (problem.status >= 500) context.error(error);
        return {
          status: problem.status,
          headers: {
            'content-type': problemContentType,
            ...(problem.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
            ...problem.headers,
          },
          body: JSON.stringify(problem.body),
        };
      }
    },
  });
}

export function json(status: number, body: unknown): HttpResponseInit {
  return { status, jsonBody: body };
}
