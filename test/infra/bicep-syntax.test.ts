import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTemplateSet } from './bicep-model.js';
import { parseBicepParam } from './bicep-syntax.js';
import { fixturePath, loadInfra } from './infra-sources.js';

test('every .bicep and .bicepparam file under infra/ parses', async () => {
  const set = await loadInfra();
  const files = [...set.templates, ...set.paramFiles];
  assert.ok(set.templates.some((template) => template.path === 'main.bicep'));
  assert.deepEqual(
    set.paramFiles.map((paramFile) => paramFile.path),
    ['env/dev.bicepparam', 'env/prod.bicepparam', 'env/test.bicepparam', 'main.bicepparam'],
  );
  const errors = files.flatMap((file) =>
    file.errors.map((error) => `${file.path}:${error.line} ${error.message}`),
  );
  assert.deepEqual(errors, []);
});

test('a broken Bicep file and a broken parameter file are reported at the broken lines', async () => {
  const set = await loadTemplateSet(fixturePath('broken-syntax'));
  const template = set.templates.find((file) => file.path === 'main.bicep');
  const paramFile = set.paramFiles.find((file) => file.path === 'main.bicepparam');
  assert.deepEqual(
    [...new Set(template?.errors.map((error) => error.line))],
    [6],
    'the object with a missing value on line 6',
  );
  assert.deepEqual(
    [...new Set(paramFile?.errors.map((error) => error.line))],
    [4, 5],
    'the unterminated array on line 4 and the assignment without a value on line 5',
  );
});

test('parameter file values may span lines, and the using line is required', async () => {
  const multiLine = await parseBicepParam("using 'main.bicep'\n\nparam tags = {\n  a: 'b'\n}\nparam n = 1\n");
  assert.deepEqual(multiLine.errors, []);
  assert.deepEqual(
    multiLine.assignments.map((assignment) => [assignment.name, assignment.line, assignment.value.type]),
    [
      ['tags', 3, 'object'],
      ['n', 6, 'number'],
    ],
  );
  const noUsing = await parseBicepParam('param n = 1\n');
  assert.deepEqual(
    noUsing.errors.map((error) => error.message),
    [`no using '<template>' line`],
  );
});
