/**
 * Runs the step lists of `bpmn-miwg/xpath-structural-checks.json` (re-expressed from the MIWG xpath tool's
 * Java checks) against a model imported by bpmn-moddle. The steps walk the model the way the Java tool does:
 * select* steps push a scope, pop leaves it, navigate* steps move the current element, check* steps assert
 * something about it. The Java source bookmarked nodes in local variables the step list no longer names, so
 * after navigateBookmarkedElement the next step may continue from any node visited in the current scope.
 */
import {
  elementList,
  elementProperty,
  isA,
  stringProperty,
  type ModdleElement,
} from '../../shared/bpmn/moddle-element.js';

export interface CheckStep {
  readonly op: string;
  readonly args: readonly string[];
}

export interface CheckOutcome {
  /** The first step that did not hold, with its index and why; undefined when every step held. */
  readonly failure?: { readonly index: number; readonly step: CheckStep; readonly reason: string };
  /** Steps that were read but not asserted, by op (see `uninterpretedOps`). */
  readonly skipped: readonly string[];
  /** Indexes of tolerated steps that did fail (a tolerated step that holds is worth knowing about). */
  readonly toleratedFailures: readonly number[];
}

/** Ops whose meaning the step list does not carry; they are skipped, never counted as passing. */
export const uninterpretedOps: Readonly<Record<string, string>> = {
  checkXORMarkersForProcess: 'a diagram (DI) property: whether exclusive gateways show their marker',
  checkGlobalTask: 'the Java flag it compares is not recorded in the step list',
  checkDataStore: 'the two Java flags it compares are not recorded in the step list',
  checkChildElementValue: 'compares a value the step list records only as a Java variable name',
};

interface Frame {
  /** Where navigateElement searches. */
  readonly container: ModdleElement;
  /** The element the select step chose (participant, lane, call activity...). */
  readonly selected: ModdleElement;
  current: ModdleElement | undefined;
  readonly visited: ModdleElement[];
  afterBookmark: boolean;
}

class StepFailure extends Error {}

function fail(reason: string): never {
  throw new StepFailure(reason);
}

/** `bpmn:startEvent` -> `bpmn:StartEvent`. */
function moddleType(type: string): string {
  const [prefix, local = ''] = type.split(':');
  return `${prefix}:${local.charAt(0).toUpperCase()}${local.slice(1)}`;
}

function normalise(text: string | undefined): string {
  return (text ?? '')
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\s+/g, ' ')
    .trim();
}

/** `null` or an empty name in a step means "any name". */
function nameMatches(element: ModdleElement, name: string | undefined): boolean {
  if (name === undefined || name === 'null' || name === '') return true;
  return normalise(stringProperty(element, 'name')) === normalise(name);
}

/** Every element under `root`, shallowest first and in document order, so a process's own nodes come first. */
function descendants(root: ModdleElement): ModdleElement[] {
  const found: ModdleElement[] = [root];
  const seen = new Set<ModdleElement>(found);
  for (let index = 0; index < found.length; index += 1) {
    const element = found[index] as ModdleElement;
    const descriptor = (
      element as { $descriptor?: { properties?: { name: string; isReference?: boolean }[] } }
    ).$descriptor;
    for (const property of descriptor?.properties ?? []) {
      if (property.isReference) continue;
      const value = element[property.name];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (
          typeof child !== 'object' ||
          child === null ||
          typeof (child as ModdleElement).$type !== 'string'
        ) {
          continue;
        }
        if (seen.has(child as ModdleElement)) continue;
        seen.add(child as ModdleElement);
        found.push(child as ModdleElement);
      }
    }
  }
  return found;
}

/** `null` or an empty name prefers an element without a name, as the Java checks meant it. */
function findDescendant(root: ModdleElement, type: string, name: string | undefined): ModdleElement {
  const candidates = descendants(root).filter(
    (element) => isA(element, moddleType(type)) && nameMatches(element, name),
  );
  const anyName = name === undefined || name === 'null' || name === '';
  const match = anyName
    ? (candidates.find((element) => normalise(stringProperty(element, 'name')) === '') ?? candidates[0])
    : candidates[0];
  return match ?? fail(`no ${type} named "${name ?? ''}"`);
}

/**
 * A property, a known extension attribute, or an unknown one kept in `$attrs`. moddle renames the prefix of
 * a namespace it does not know (`camunda:` bound to Activiti's URI becomes `ns0:`), so the local name decides.
 */
function attributeValue(element: ModdleElement, attribute: string): unknown {
  const direct = element[attribute] ?? element.$attrs?.[attribute];
  if (direct !== undefined) return direct;
  const get = (element as { get?: (name: string) => unknown }).get;
  let known: unknown;
  try {
    known = get?.call(element, attribute);
  } catch {
    known = undefined;
  }
  if (known !== undefined) return known;
  const local = attribute.split(':').pop();
  const renamed = Object.keys(element.$attrs ?? {}).find((key) => key.split(':').pop() === local);
  return renamed === undefined ? undefined : element.$attrs?.[renamed];
}

function refName(element: ModdleElement | undefined): string {
  return normalise(element ? (stringProperty(element, 'name') ?? element.id) : undefined);
}

function refMatches(element: ModdleElement | undefined, expected: string): boolean {
  if (!element) return false;
  return [stringProperty(element, 'name'), element.id].some(
    (value) => normalise(value) === normalise(expected),
  );
}

export class XpathCheckInterpreter {
  private readonly frames: Frame[];
  private readonly skipped: string[] = [];

  constructor(private readonly definitions: ModdleElement) {
    this.frames = [this.frame(definitions, definitions)];
  }

  /** Runs every step; a failing step listed in `tolerated` (by index) is recorded and the run goes on. */
  run(steps: readonly CheckStep[], tolerated: ReadonlySet<number> = new Set()): CheckOutcome {
    const toleratedFailures: number[] = [];
    for (const [index, step] of steps.entries()) {
      try {
        this.step(step);
      } catch (thrown) {
        if (!(thrown instanceof StepFailure)) throw thrown;
        if (tolerated.has(index)) {
          toleratedFailures.push(index);
          continue;
        }
        return { failure: { index, step, reason: thrown.message }, skipped: this.skipped, toleratedFailures };
      }
    }
    return { skipped: this.skipped, toleratedFailures };
  }

  private frame(container: ModdleElement, selected: ModdleElement): Frame {
    return { container, selected, current: undefined, visited: [], afterBookmark: false };
  }

  private get top(): Frame {
    return this.frames[this.frames.length - 1] as Frame;
  }

  /** Right after a select step, checks apply to what was selected (a process, a pool...). */
  private get current(): ModdleElement {
    return this.top.current ?? this.top.selected;
  }

  private moveTo(element: ModdleElement): void {
    this.top.current = element;
    this.top.visited.push(element);
    this.top.afterBookmark = false;
  }

  private push(container: ModdleElement, selected = container): void {
    this.frames.push(this.frame(container, selected));
  }

  private rootElements(type: string): ModdleElement[] {
    return elementList(this.definitions, 'rootElements').filter((element) => isA(element, type));
  }

  private processById(id: string | undefined): ModdleElement {
    return (
      this.rootElements('bpmn:Process').find((process) => process.id === id) ?? fail(`no process "${id}"`)
    );
  }

  private participant(name: string): ModdleElement {
    return findDescendant(this.top.container, 'bpmn:participant', name);
  }

  private step({ op, args }: CheckStep): void {
    const [first, second, third] = args;
    switch (op) {
      case 'selectFirstProcess':
        return this.push(this.rootElements('bpmn:Process')[0] ?? fail('no process'));
      case 'selectCollaboration':
        return this.push(this.rootElements('bpmn:Collaboration')[0] ?? fail('no collaboration'));
      case 'selectCollaborationByName': {
        // Exporters drop collaboration names; without one, participants are searched in every collaboration.
        const named = this.rootElements('bpmn:Collaboration').find((element) => nameMatches(element, first));
        return this.push(named ?? this.definitions);
      }
      case 'selectPool': {
        const participant = this.participant(first ?? '');
        return this.push(participant, participant);
      }
      case 'selectReferencedProcess':
        return this.push(
          elementProperty(this.top.selected, 'processRef') ?? fail('the pool references no process'),
        );
      case 'selectProcessByParticipant':
        return this.push(elementProperty(this.participant(first ?? ''), 'processRef') ?? fail('no process'));
      case 'selectProcessByLane': {
        const lane = findDescendant(this.definitions, 'bpmn:lane', first);
        let process = lane.$parent;
        while (process && !isA(process, 'bpmn:Process')) process = process.$parent;
        return this.push(process ?? fail(`lane "${first}" lies in no process`), lane);
      }
      case 'selectFollowingElement':
        this.navigateFollowing(first ?? '', second);
        return this.push(this.current);
      case 'selectElement':
        this.moveTo(findDescendant(this.top.container, first ?? '', second));
        return this.push(this.current);
      case 'selectProcessOfCallActivity':
      case 'selectCallActivityProcess': {
        const call = isA(this.top.selected, 'bpmn:CallActivity') ? this.top.selected : this.current;
        const called = call['calledElement'];
        const id = typeof called === 'string' ? called : (called as ModdleElement | undefined)?.id;
        return this.push(this.processById(id));
      }
      case 'pop':
        if (this.frames.length < 2) fail('pop without a selected scope');
        this.frames.pop();
        return;
      case 'navigateElement':
        return this.moveTo(findDescendant(this.top.container, first ?? '', second));
      case 'navigateFollowingElement':
        return this.navigateFollowing(first ?? '', second, third);
      case 'navigateBookmarkedElement':
        this.top.afterBookmark = true;
        return;
      case 'navigateBoundaryEvent': {
        const hosts = this.top.afterBookmark ? [...this.top.visited].reverse() : [this.current];
        const boundary = descendants(this.top.container).find(
          (element) =>
            isA(element, 'bpmn:BoundaryEvent') &&
            hosts.includes(elementProperty(element, 'attachedToRef') as ModdleElement) &&
            nameMatches(element, first),
        );
        return this.moveTo(boundary ?? fail(`no boundary event "${first}" on ${this.current.id}`));
      }
      case 'navigateLane':
        findDescendant(this.top.container, 'bpmn:lane', first);
        return;
      case 'navigateDefinitions':
        return this.moveTo(this.definitions);
      case 'navigateItemDefinition':
        return this.moveTo(this.rootElement('bpmn:ItemDefinition', first));
      case 'navigateDataStore':
        return this.moveTo(this.rootElement('bpmn:DataStore', first));
      case 'navigateSignal':
        return this.moveTo(this.rootElement('bpmn:Signal', first));
      case 'navigateMessage':
        return this.moveTo(this.rootElement('bpmn:Message', first));
      case 'navigateChildElement':
        return this.moveTo(findDescendant(this.current, first ?? '', second));
      case 'navigateGatewaySequenceFlowStack': {
        const flow = this.outgoingFlows(this.current).find((candidate) => nameMatches(candidate, first));
        return this.moveTo(flow ?? fail(`no outgoing flow "${first}"`));
      }
      default:
        return this.check(op, args);
    }
  }

  private rootElement(type: string, nameOrId: string | undefined): ModdleElement {
    const match = this.rootElements(type).find((element) => refMatches(element, nameOrId ?? ''));
    return match ?? fail(`no ${type} "${nameOrId}"`);
  }

  private outgoingFlows(node: ModdleElement): ModdleElement[] {
    const scope = node.$parent;
    if (!scope) return [];
    return elementList(scope, 'flowElements').filter(
      (element) => isA(element, 'bpmn:SequenceFlow') && elementProperty(element, 'sourceRef') === node,
    );
  }

  private navigateFollowing(type: string, name: string | undefined, flowName?: string): void {
    const frame = this.top;
    const sources = frame.afterBookmark ? [...frame.visited].reverse() : [this.current];
    for (const source of sources) {
      for (const flow of this.outgoingFlows(source)) {
        const target = elementProperty(flow, 'targetRef');
        if (!target || !isA(target, moddleType(type)) || !nameMatches(target, name)) continue;
        if (
          flowName !== undefined &&
          stringProperty(flow, 'name') !== undefined &&
          !nameMatches(flow, flowName)
        ) {
          continue;
        }
        this.moveTo(target);
        return;
      }
    }
    fail(`no ${type} "${name}" follows ${frame.afterBookmark ? 'any visited node' : this.current.id}`);
  }

  private eventDefinition(type: string): ModdleElement {
    const definition = elementList(this.current, 'eventDefinitions').find((element) => isA(element, type));
    return definition ?? fail(`${this.current.id} has no ${type}`);
  }

  private check(op: string, args: readonly string[]): void {
    const [first, second, third, fourth] = args;
    if (uninterpretedOps[op] !== undefined) {
      this.skipped.push(op);
      return;
    }
    const current = this.current;
    const expectFlag = (actual: unknown, expected: string | undefined): void => {
      if (String(actual) !== expected) fail(`${op} expected ${expected}, found ${String(actual)}`);
    };
    const eventChecks: Record<string, string> = {
      checkMessageEvent: 'bpmn:MessageEventDefinition',
      checkTimerEvent: 'bpmn:TimerEventDefinition',
      checkSignalEvent: 'bpmn:SignalEventDefinition',
      checkEscalationEvent: 'bpmn:EscalationEventDefinition',
      checkConditionalEvent: 'bpmn:ConditionalEventDefinition',
      checkErrorEvent: 'bpmn:ErrorEventDefinition',
      checkTerminateEvent: 'bpmn:TerminateEventDefinition',
      checkLinkEvent: 'bpmn:LinkEventDefinition',
    };
    const eventType = eventChecks[op];
    if (eventType !== undefined) {
      const definition = this.eventDefinition(eventType);
      const refProperty = op === 'checkMessageEvent' ? 'messageRef' : 'signalRef';
      if (first !== undefined && !refMatches(elementProperty(definition, refProperty), first)) {
        fail(`${op}: the event does not refer to "${first}"`);
      }
      return;
    }
    switch (op) {
      case 'checkAttributeValue': {
        const value = attributeValue(current, first ?? '');
        if (second === undefined) {
          if (value === undefined) fail(`no attribute ${first}`);
          return;
        }
        return expectFlag(normalise(String(value ?? '')), normalise(second));
      }
      case 'checkCancelActivity':
        return expectFlag(current['cancelActivity'] ?? true, first);
      case 'checkParallelMultiple':
        return expectFlag(current['parallelMultiple'] ?? false, first);
      case 'checkEventGatewayExclusive':
        return expectFlag((current['eventGatewayType'] ?? 'Exclusive') === 'Exclusive', first);
      case 'checkMultiInstanceParallel':
      case 'checkMultiInstanceSequential': {
        const loop = elementProperty(current, 'loopCharacteristics');
        if (!loop || !isA(loop, 'bpmn:MultiInstanceLoopCharacteristics')) fail('not multi-instance');
        return expectFlag(loop['isSequential'] ?? false, String(op === 'checkMultiInstanceSequential'));
      }
      case 'checkStandardLoopCharacteristics': {
        const loop = elementProperty(current, 'loopCharacteristics');
        if (!loop || !isA(loop, 'bpmn:StandardLoopCharacteristics')) fail('no standard loop');
        return;
      }
      case 'checkDefaultSequenceFlow': {
        const source = elementProperty(current, 'sourceRef');
        if (!source || elementProperty(source, 'default') !== current) fail('not the default flow');
        return;
      }
      case 'checkMessageFlow':
        return this.checkMessageFlow(first ?? '', second ?? '', third, fourth);
      case 'checkDataAssociation':
        return this.checkDataAssociation(first ?? '', second ?? '', third ?? '');
      case 'checkTextAssociation':
        return this.checkTextAssociation(first ?? '');
      case 'checkOwner': {
        const type = first === 'OwnerType.PotentialOwner' ? 'bpmn:PotentialOwner' : 'bpmn:Performer';
        const owner = elementList(current, 'resources').find(
          (resource) =>
            resource.$type === type &&
            (refMatches(resource, second ?? '') ||
              refMatches(elementProperty(resource, 'resourceRef'), second ?? '')),
        );
        if (!owner) fail(`no ${type} "${second}"`);
        return;
      }
      case 'checkOperation':
        if (!refMatches(elementProperty(current, 'operationRef'), first ?? ''))
          fail(`no operation "${first}"`);
        return;
      case 'checkItemDefinition':
        expectFlag(`ItemKind.${String(current['itemKind'] ?? 'Information')}`, first);
        expectFlag(refName(elementProperty(current, 'structureRef')) || current['structureRef'], second);
        return expectFlag(current['isCollection'] ?? false, third);
      case 'checkSignal':
      case 'checkMessage': {
        const item = elementProperty(current, op === 'checkSignal' ? 'structureRef' : 'itemRef');
        if (!refMatches(item, first ?? '')) fail(`${op}: no item definition "${first}"`);
        return;
      }
      default:
        fail(`unknown op ${op}`);
    }
  }

  private checkMessageFlow(name: string, direction: string, otherType?: string, otherName?: string): void {
    const current = this.current;
    const output = direction === 'Direction.Output';
    const flows = this.rootElements('bpmn:Collaboration').flatMap((collaboration) =>
      elementList(collaboration, 'messageFlows'),
    );
    const match = flows.find((flow) => {
      const [own, other] = output ? ['sourceRef', 'targetRef'] : ['targetRef', 'sourceRef'];
      if (elementProperty(flow, own) !== current || !nameMatches(flow, name)) return false;
      const end = elementProperty(flow, other);
      if (otherType === undefined) return true;
      return end !== undefined && isA(end, moddleType(otherType)) && nameMatches(end, otherName);
    });
    if (!match) fail(`no ${direction} message flow "${name}" at ${current.id}`);
  }

  private checkDataAssociation(kind: string, name: string, direction: string): void {
    const input = direction === 'Direction.Input';
    const associations = elementList(
      this.current,
      input ? 'dataInputAssociations' : 'dataOutputAssociations',
    );
    const ends = associations.flatMap((association) =>
      input ? elementList(association, 'sourceRef') : [elementProperty(association, 'targetRef')],
    );
    const type =
      kind === 'ArtifactType.DataStoreReference' ? 'bpmn:DataStoreReference' : 'bpmn:ItemAwareElement';
    const match = ends.find(
      (end) =>
        end !== undefined &&
        isA(end, type) &&
        (nameMatches(end, name) ||
          [elementProperty(end, 'dataObjectRef'), elementProperty(end, 'dataStoreRef')].some(
            (target) => target !== undefined && nameMatches(target, name),
          )),
    );
    if (!match) fail(`no ${direction} data association with "${name}"`);
  }

  private checkTextAssociation(text: string): void {
    const current = this.current;
    const associations = descendants(this.definitions).filter((element) => isA(element, 'bpmn:Association'));
    const match = associations.some((association) => {
      const ends = [elementProperty(association, 'sourceRef'), elementProperty(association, 'targetRef')];
      if (!ends.includes(current)) return false;
      return ends.some(
        (end) =>
          end !== undefined &&
          isA(end, 'bpmn:TextAnnotation') &&
          normalise(stringProperty(end, 'text')) === normalise(text),
      );
    });
    if (!match) fail(`no text annotation "${text}" associated`);
  }
}
