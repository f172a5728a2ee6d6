import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../shared/bpmn/diagnostics.js';
import type { ModdleElement } from '../../shared/bpmn/moddle-element.js';
import { parseDefinitions } from '../../shared/bpmn/parse.js';
import { defaultImportLimits, readSource } from '../../shared/bpmn/source.js';
import { corpusPath } from '../support/paths.js';
import { XpathCheckInterpreter, type CheckOutcome, type CheckStep } from '../support/xpath-checks.js';

const root = corpusPath('bpmn-miwg');
const checks = (
  JSON.parse(readFileSync(path.join(root, 'xpath-structural-checks.json'), 'utf8')) as {
    checks: Record<string, CheckStep[]>;
  }
).checks;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, offset) => from + offset);
}

/**
 * Steps known not to hold, by model. C.4.0's step list was written for an earlier C.4.0: it expects the
 * definitions named "EmployeeOnboarding", item definitions, messages and a signal "Employee_hired_Dept_X"
 * the current reference file lacks, and names in the Money Bank process that were since reworded
 * ("Contract terms accepted ?", "Review terms of contract"). Every other step of C.4.0 must hold.
 */
const toleratedSteps: Record<string, ReadonlySet<number>> = {
  'C.4.0': new Set([
    ...range(1, 9),
    ...range(16, 23),
    26,
    ...range(33, 35),
    ...range(37, 44),
    ...range(46, 55),
    ...range(57, 59),
    ...range(61, 66),
    72,
    84,
    90,
    101,
    107,
    112,
  ]),
};

async function definitionsOf(file: string): Promise<ModdleElement> {
  const sink = new DiagnosticSink();
  const source = readSource(readFileSync(file), defaultImportLimits, sink);
  const parsed = source && (await parseDefinitions(source.text, sink));
  assert.ok(parsed, `${file} does not parse: ${JSON.stringify(sink.diagnostics)}`);
  return parsed.definitions;
}

async function runChecks(file: string, model: string): Promise<CheckOutcome> {
  const steps = checks[model] ?? [];
  return new XpathCheckInterpreter(await definitionsOf(file)).run(steps, toleratedSteps[model]);
}

function modelOf(fileName: string): string | undefined {
  const model = /^([A-C]\.\d\.\d)/.exec(fileName)?.[1];
  return model !== undefined && checks[model] !== undefined ? model : undefined;
}

/**
 * Vendor exports whose structure the checks confirm. Most failures are the exporters' own losses (names,
 * resources, lanes or message flows left out of the export), which is why this is a recorded list: a change
 * in either direction means the importer now reads these files differently.
 */
const passingVendorExports = [
  'Activiti Designer 5.14.1/A.1.0-roundtrip.bpmn',
  'Activiti Designer 5.14.1/A.2.0-roundtrip.bpmn',
  'Activiti Designer 5.14.1/A.3.0-roundtrip.bpmn',
  'Bizagi Modeler 2.8.0.8/A.1.0-roundtrip.bpmn',
  'Bizagi Modeler 2.8.0.8/A.2.0-roundtrip.bpmn',
  'Bizagi Modeler 2.8.0.8/A.3.0-roundtrip.bpmn',
  'Bizagi Modeler 2.8.0.8/A.4.0-roundtrip.bpmn',
  'Bizagi Modeler 2.8.0.8/A.4.1-roundtrip.bpmn',
  'Camunda Eclipse Plugin 3.0.0/A.1.0-export.bpmn',
  'Camunda Eclipse Plugin 3.0.0/A.1.0-roundtrip.bpmn',
  'Camunda Eclipse Plugin 3.0.0/A.2.0-export.bpmn',
  'Camunda Eclipse Plugin 3.0.0/A.2.0-roundtrip.bpmn',
  'Camunda Eclipse Plugin 3.0.0/A.3.0-export.bpmn',
  'Camunda Eclipse Plugin 3.0.0/A.3.0-roundtrip.bpmn',
  'Camunda Eclipse Plugin 3.0.0/A.4.0-roundtrip.bpmn',
  'Camunda Eclipse Plugin 3.0.0/A.4.1-roundtrip.bpmn',
  'Camunda Eclipse Plugin 3.0.0/B.1.0-roundtrip.bpmn',
  'Camunda Eclipse Plugin 3.0.0/B.2.0-roundtrip.bpmn',
  'Camunda Eclipse Plugin 3.0.0/C.1.0-roundtrip.bpmn',
  'Camunda Eclipse Plugin 3.0.0/C.1.1-roundtrip.bpmn',
  'Camunda Eclipse Plugin 3.0.0/C.2.0-export.bpmn',
  'Camunda Eclipse Plugin 3.0.0/C.2.0-roundtrip.bpmn',
  'Camunda Eclipse Plugin 3.0.0/C.3.0-roundtrip.bpmn',
  'SAP Signavio Process Manager 19.9.0/A.1.0-export.bpmn',
  'SAP Signavio Process Manager 19.9.0/A.1.0-roundtrip.bpmn',
  'SAP Signavio Process Manager 19.9.0/A.2.0-export.bpmn',
  'SAP Signavio Process Manager 19.9.0/A.2.0-roundtrip.bpmn',
  'SAP Signavio Process Manager 19.9.0/A.3.0-export.bpmn',
  'SAP Signavio Process Manager 19.9.0/A.3.0-roundtrip.bpmn',
  'SAP Signavio Process Manager 19.9.0/A.4.0-roundtrip.bpmn',
  'SAP Signavio Process Manager 19.9.0/A.4.1-roundtrip.bpmn',
  'SAP Signavio Process Manager 19.9.0/C.2.0-roundtrip.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/A.1.0-export.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/A.1.0-roundtrip.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/A.2.0-export.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/A.2.0-roundtrip.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/A.2.0-rountrip.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/A.3.0-export.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/A.3.0-roundtrip.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/A.4.0-export.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/A.4.0-roundtrip.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/A.4.1-roundtrip.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/B.1.0-roundtrip.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/B.2.0-roundtrip.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/C.2.0-roundtrip.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/C.3.0-roundtrip.bpmn',
  'bpmn.io (Camunda Modeler) 18.6.1/C.4.0-roundtrip.bpmn',
];

describe('MIWG structural checks (xpath-structural-checks.json)', () => {
  it('covers the reference models A.1.0 to C.4.0', () => {
    assert.deepEqual(Object.keys(checks).sort(), [
      'A.1.0',
      'A.1.1',
      'A.1.2',
      'A.2.0',
      'A.3.0',
      'A.4.0',
      'A.4.1',
      'B.1.0',
      'B.2.0',
      'C.1.0',
      'C.1.1',
      'C.2.0',
      'C.3.0',
      'C.4.0',
    ]);
  });

  const references = readdirSync(path.join(root, 'Reference')).filter((name) => modelOf(name) !== undefined);
  for (const name of references) {
    const model = modelOf(name) as string;
    it(`holds for the reference model ${model}`, async () => {
      const outcome = await runChecks(path.join(root, 'Reference', name), model);
      assert.equal(outcome.failure, undefined, JSON.stringify(outcome.failure));
      // A tolerated step that starts to hold should leave the list.
      assert.deepEqual(outcome.toleratedFailures, [...(toleratedSteps[model] ?? [])]);
    });
  }

  it('fails on a model that does not match, naming the step', async () => {
    const file = path.join(root, 'Reference', 'A.1.0.bpmn');
    const steps = (checks['A.1.0'] ?? []).map((step) =>
      step.args[1] === 'Task 2' ? { ...step, args: [step.args[0] ?? '', 'Task 9'] } : step,
    );
    const outcome = new XpathCheckInterpreter(await definitionsOf(file)).run(steps);
    assert.equal(outcome.failure?.step.op, 'navigateFollowingElement');
    assert.match(outcome.failure?.reason ?? '', /Task 9/);
  });

  it('holds for the recorded list of vendor exports', async () => {
    const vendors = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'Reference')
      .map((entry) => entry.name);
    const passing: string[] = [];
    for (const vendor of vendors) {
      for (const name of readdirSync(path.join(root, vendor)).sort()) {
        const model = modelOf(name);
        if (model === undefined || !name.endsWith('.bpmn')) continue;
        const outcome = await runChecks(path.join(root, vendor, name), model);
        if (outcome.failure === undefined) passing.push(`${vendor}/${name}`);
      }
    }
    assert.deepEqual(passing.sort(), [...passingVendorExports].sort());
  });
});
