/**
 * Link events of BPMN 2.0 (section 10.5.4): a throwing link jumps to exactly one catching link on the same
 * process level, and every catching link is jumped to from somewhere. A link definition names its partner
 * with `target`/`source` when the modeler wrote them, otherwise links pair up by name.
 */
import { elementList, elementProperty, isA, type ModdleElement } from '../moddle-element.js';
import type { ValidationRule } from './rule.js';
import { at, eventDefinitionsOf, describeElement } from './element-helpers.js';

function linkDefinition(event: ModdleElement): ModdleElement | undefined {
  return eventDefinitionsOf(event).find((candidate) => isA(candidate, 'bpmn:LinkEventDefinition'));
}

function linkName(event: ModdleElement): string {
  const name = linkDefinition(event)?.name;
  return name !== undefined && name !== '' ? name : (event.name ?? '');
}

function ownerEvent(definition: ModdleElement, links: readonly ModdleElement[]): ModdleElement | undefined {
  return links.find((event) => linkDefinition(event) === definition);
}

/** The catch events a throw link jumps to. */
function targetsOf(
  throwing: ModdleElement,
  catching: readonly ModdleElement[],
  links: readonly ModdleElement[],
): ModdleElement[] {
  const named = elementProperty(linkDefinition(throwing) as ModdleElement, 'target');
  if (named) {
    const owner = ownerEvent(named, links);
    return owner ? [owner] : [];
  }
  return catching.filter((event) => linkName(event) === linkName(throwing));
}

export const specLinksRule: ValidationRule = {
  name: 'spec-links',
  check({ model, sink }) {
    const throwing = model.ofType('bpmn:IntermediateThrowEvent').filter((event) => linkDefinition(event));
    const catching = model.ofType('bpmn:IntermediateCatchEvent').filter((event) => linkDefinition(event));
    const links = [...throwing, ...catching];
    const reached = new Set<ModdleElement>();
    for (const event of throwing) {
      const targets = targetsOf(event, catching, links);
      targets.forEach((target) => reached.add(target));
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
      if (!reached.has(event) && listed.length === 0)
        sink.report('spec.link-event', `Link ${describeElement(event)} is never thrown to.`, at(event));
      // When a catching link lists its sources, the list must be exactly the links that jump to it.
      if (listed.length === 0) continue;
      const jumpers = throwing.filter((source) => targetsOf(source, catching, links).includes(event));
      const listedEvents = listed.map((definition) => ownerEvent(definition, links));
      if (
        jumpers.some((source) => !listedEvents.includes(source)) ||
        listedEvents.some((source) => !source || !jumpers.includes(source))
      )
        sink.report(
          'spec.link-event',
          `Link ${describeElement(event)} lists sources that do not match the links jumping to it.`,
          at(event),
        );
    }
  },
};
