import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cliEntry } from '../support/paths.js';
import { definitions, straightThrough } from '../support/models.js';

function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, [cliEntry, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeModels(models: Record<string, string>): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'caseflow-validate-'));
  for (const [name, xml] of Object.entries(models)) writeFileSync(path.join(directory, name), xml);
  return directory;
}

describe('caseflow validate', () => {
  it('exits 0 and prints the documented JSON shape for a valid model', () => {
    const directory = writeModels({ 'ok.bpmn': straightThrough });
    const file = path.join(directory, 'ok.bpmn');
    const { status, stdout } = runCli('validate', file, '--json');
    assert.equal(status, 0);
    assert.deepEqual(JSON.parse(stdout), { files: [{ file, valid: true, diagnostics: [] }] });
  });

  it('exits 2 when any file has an error and reports every file', () => {
    const directory = writeModels({
      'ok.bpmn': straightThrough,
      'bad.bpmn': definitions('<bpmn:process id="p" />'),
    });
    const files = ['ok.bpmn', 'bad.bpmn'].map((name) => path.join(directory, name));
    const { status, stdout } = runCli('validate', ...files, '--json');
    assert.equal(status, 2);
    const report = JSON.parse(stdout) as { files: { valid: boolean; diagnostics: { code: string }[] }[] };
    assert.deepEqual(
      report.files.map((file) => file.valid),
      [true, false],
    );
    assert.equal(report.files[1]?.diagnostics[0]?.code, 'caseflow.no-executable-process');
  });

  it('prints human-readable lines with file, position, severity and code', () => {
    const directory = writeModels({ 'broken.bpmn': 'not xml at all' });
    const { status, stdout } = runCli('validate', path.join(directory, 'broken.bpmn'));
    assert.equal(status, 2);
    assert.match(stdout, /broken\.bpmn:1:1: error xml\.not-well-formed: /);
    assert.match(stdout, /broken\.bpmn: invalid/);
  });

  it('reports a missing file as a diagnostic, not a crash', () => {
    const { status, stdout } = runCli(
      'validate',
      path.join(tmpdir(), 'caseflow-no-such-file.bpmn'),
      '--json',
    );
    assert.equal(status, 2);
    assert.match(stdout, /xml\.unreadable-file/);
  });

  it('exits 1 with usage when no file is given', () => {
    const { status, stderr } = runCli('validate');
    assert.equal(status, 1);
    assert.match(stderr, /usage: caseflow validate/);
  });
});
