import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTemplateSet } from './bicep-model.js';
import { formatFindings } from './finding.js';
import { fixturePath, loadInfra } from './infra-sources.js';
import { checkPolicies } from './policy-rules.js';

test('the infra templates satisfy every policy rule', async () => {
  const findings = checkPolicies(await loadInfra());
  assert.equal(formatFindings(findings), '');
});

test('the broken fixture fails every policy rule, each at the offending declaration', async () => {
  const findings = checkPolicies(await loadTemplateSet(fixturePath('broken-policy')));
  const reported = findings.map((f) => `${f.check} ${f.file}:${f.line} ${f.message}`);
  const expected = [
    /^no-list-keys main\.bicep:7 /,
    /^no-secret-outputs main\.bicep:8 output storageAccountKey/,
    /^local-auth-disabled main\.bicep:11 .*allowSharedKeyAccess: false/,
    /^local-auth-disabled main\.bicep:21 .*disableLocalAuth: true/,
    /^local-auth-disabled modules\/vault\.bicep:5 .*enableRbacAuthorization: true/,
    /^local-auth-disabled modules\/vault\.bicep:5 .*enablePurgeProtection: true/,
    /^tags main\.bicep:21 cosmos/,
    /^tags main\.bicep:50 module vault is not given tags/,
    /^api-versions main\.bicep:11 .*older than/,
    /^api-versions main\.bicep:21 .*preview API version/,
    /^api-versions main\.bicep:55 registry module .* is not pinned/,
    /^role-ids main\.bicep:32 GUID literal/,
    /^role-ids main\.bicep:28 role definition .* is not taken from roleIds/,
    /^diagnostic-settings main\.bicep:11 account/,
    /^diagnostic-settings main\.bicep:21 cosmos/,
    /^flex-settings main\.bicep:43 FUNCTIONS_WORKER_RUNTIME/,
    /^param-files main\.bicepparam:5 unknownParameter/,
    /^param-files main\.bicepparam:1 required parameter tags/,
    /^param-files main\.bicepparam:1 required parameter principalId/,
  ];
  for (const pattern of expected) {
    assert.ok(
      reported.some((line) => pattern.test(line)),
      `${pattern} not among:\n${reported.join('\n')}`,
    );
  }
  assert.equal(reported.length, expected.length, reported.join('\n'));
});
