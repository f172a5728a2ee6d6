/**
 * Link events of BPMN 2.0 (section 10.5.4): a throwing link jumps to exactly one catching link on the same
 * process level, and every catching link is jumped to from somewhere. A link definition names its partner
 * with `target`/`source` when the modeler wrote them, otherwise links pair up by name.
 */
import { elementList, elementProperty, isA, type ModdleElement } from '../moddle-element.js';
import { addTo, appendTo } from '../multi-map.js';
import type { ValidationRule } from './rule.js';
import { describeElement } from '../element-description.js';
import { at, eventDefinitionsOf } from './element-helpers.js';

function linkDefinition(event: ModdleElement): ModdleElement | undefined {
  return eventDefinitionsOf(event).find((candidate) => isA(candidate, 'bpmn:LinkEventDefinition'));
}

function linkName(event: ModdleElement): string {
  const name = linkDefinition(event)?.name;
  return name !== undefined && name !== '' ? name : (event.name ?? '');
}

/** How the link events of a model point at each other, indexed once so that many links stay linear. */
interface LinkIndex {
  /** The event that owns each link definition (the first one, should several share it by reference). */
  readonly ownerOf: ReadonlyMap<ModdleElement, ModdleElement>;
  readonly catchingByName: ReadonlyMap<string, ModdleElement[]>;
}

function indexLinks(throwing: readonly ModdleElement[], catching: readonly ModdleElement[]): LinkIndex {
  const ownerOf = new Map<ModdleElement, ModdleElement>();
  for (const event of [...throwing, ...catching]) {
    const definition = linkDefinition(event) as ModdleElement;
    if (!ownerOf.has(definition)) ownerOf.set(definition, event);
  }
  const catchingByName = new Map<string, ModdleElement[]>();
  for (const event of catching) {
    appendTo(catchingByName, linkName(event), event);
  }
  return { ownerOf, catchingByName };
}

/** The catch events a throw link jumps to. */
function targetsOf(throwing: ModdleElement, links: LinkIndex): ModdleElement[] {
  const named = elementProperty(linkDefinition(throwing) as ModdleElement, 'target');
  if (named) {
    const owner = links.ownerOf.get(named);
    return owner ? [owner] : [];
  }
  return links.catchingByName.get(linkName(throwing)) ?? [];
}

export const specLinksRule: ValidationRule = {
  name: 'spec-links',
  check({ model, sink }) {
    const throwing = model.ofType('bpmn:IntermediateThrowEvent').filter((event) => linkDefinition(event));
    const catching = model.ofType('bpmn:IntermediateCatchEvent').filter((event) => linkDefinition(event));
    const links = indexLinks(throwing, catching);
    const jumpersTo = new Map<ModdleElement, Set<ModdleElement>>();
    for (const event of throwing) {
      const targets = targetsOf(event, links);
      for (const target of targets) addTo(jumpersTo, target, event);
      if (targets.length !== 1) {
        sink.report(
          'spec.link-event',
          `Link ${describeElement(event)} has ${targets.length} target links; it needs exactly one.`,
          at(event),
        );
      } else if (targets.some((target) => model.scopeOf.get(target) !== model.scopeOf.get(event))) {
        sink.report(
          'spec.link-event',
          `Link ${describeElement(event)} jumps to another process level.`,
          at(event),
        );
      }
    }
    for (const event of catching) {
      const listed = elementList(linkDefinition(event) as ModdleElement, 'source');
      const jumpers = jumpersTo.get(event) ?? new Set<ModdleElement>();
      if (jumpers.size === 0 && listed.length === 0)
        sink.report('spec.link-event', `Link ${describeElement(event)} is never thrown to.`, at(event));
      // When a catching link lists its sources, the list must be exactly the links that jump to it.
      if (listed.length === 0) continue;
      const listedEvents = listed.map((definition) => links.ownerOf.get(definition));
      const listedSet = new Set(listedEvents);
      if (
        [...jumpers].some((source) => !listedSet.has(source)) ||
        listedEvents.some((source) => !source || !jumpers.has(source))
      )
        sink.report(
          'spec.link-event',
          `Link ${describeElement(event)} lists sources that do not match the links jumping to it.`,
          at(event),
        );
    }
  },
};
