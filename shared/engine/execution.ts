/**
 * One `apply` call's working set: the graph, a private copy of the state, the engine time, and what the
 * call produces (commands and ended elements). Helpers here are shared by token movement, gateways and
 * element behaviours.
 */
import type { Expression, FlowNode, ProcessGraph } from '../bpmn/graph.js';
import { evaluateExpression, type EvaluationOutcome } from '../expressions/evaluate-expression.js';
import type { EndedElement, EngineCommand } from './commands.js';
import type { ElementInstance, EngineState, RetryStep, Variables } from './state.js';

/**
 * A token arriving at a node (over `flow`, or directly); `iteration` starts one instance of a
 * multi-instance body; `again` enters an existing element instance once more (a standard loop's next
 * iteration).
 */
export interface Arrival {
  readonly scope: string;
  readonly node: string;
  readonly flow?: string;
  readonly iteration?: number;
  readonly again?: string;
}

export class Execution {
  readonly commands: EngineCommand[] = [];
  readonly ended: EndedElement[] = [];
  /** Token arrivals waiting to be processed, first in first out, so every run moves tokens in one order. */
  readonly arrivals: Arrival[] = [];
  /** Whether variables changed or a conditional event began waiting: conditions must be evaluated. */
  conditionsDirty = false;

  constructor(
    readonly graph: ProcessGraph,
    readonly state: EngineState,
    readonly now: string,
  ) {}

  /** Incoming sequence flow ids of a node, as the compiler derived them from the flows' source and target. */
  incoming(node: string): readonly string[] {
    return this.graph.nodes[node]?.incoming ?? [];
  }

  outgoing(node: string): readonly string[] {
    return this.graph.nodes[node]?.outgoing ?? [];
  }

  newId(prefix: string): string {
    return `${prefix}${this.state.nextId++}`;
  }

  node(id: string): FlowNode {
    const node = this.graph.nodes[id];
    if (!node) throw new Error(`The graph has no node ${id}`);
    return node;
  }

  /** Variables visible in a scope (inner scopes shadow outer ones), plus an element instance's locals. */
  variablesIn(scopeId: string, instance?: { readonly variables?: Variables }): Variables {
    const chain = [];
    for (
      let scope = this.state.scopes[scopeId];
      scope;
      scope = scope.parent ? this.state.scopes[scope.parent] : undefined
    ) {
      chain.unshift(scope.variables);
    }
    return Object.assign({}, ...chain, instance?.variables ?? {}) as Variables;
  }

  /** Writes each variable to the innermost scope that already has it, otherwise to the root scope. */
  setVariables(scopeId: string, variables: Variables): void {
    for (const [name, value] of Object.entries(variables)) {
      this.conditionsDirty = true;
      let target = this.state.scopes[this.state.rootScope];
      for (
        let scope = this.state.scopes[scopeId];
        scope;
        scope = scope.parent ? this.state.scopes[scope.parent] : undefined
      ) {
        if (name in scope.variables) {
          target = scope;
          break;
        }
      }
      if (target) target.variables[name] = value;
    }
  }

  evaluate(expression: Expression, variables: Variables): EvaluationOutcome {
    return evaluateExpression(expression, variables, this.now);
  }

  end(instance: ElementInstance, event: EndedElement['event']): void {
    delete this.state.elementInstances[instance.id];
    this.record(instance, event);
  }

  /** Records that the element instance ended (or that one iteration of a standard loop did). */
  record(instance: ElementInstance, event: EndedElement['event']): void {
    const node = this.node(instance.element);
    this.ended.push({
      element: node.id,
      type: node.type,
      ...(node.name !== undefined ? { name: node.name } : {}),
      event,
      ...(instance.iteration !== undefined ? { instance: instance.iteration } : {}),
      ...(instance.iteration === undefined && node.loop?.kind === 'multiInstance'
        ? { multiInstanceBody: true as const }
        : {}),
      at: this.now,
    });
  }

  raiseIncident(instance: ElementInstance, code: string, message: string, retry: RetryStep): void {
    const id = this.newId('i');
    instance.status = 'incident';
    this.state.incidents[id] = {
      id,
      elementInstance: instance.id,
      element: instance.element,
      code,
      message,
      retry,
    };
    this.commands.push({ kind: 'raiseIncident', incident: id, element: instance.element, code, message });
  }
}
