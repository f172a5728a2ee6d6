import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { variableVisibility } from '../../shared/cases/variable-visibility.js';
import type { Principal, Role } from '../../shared/identity/principal.js';

const graph = {
  restrictedVariables: [
    { name: 'salary', roles: ['designer'], groups: ['payroll'] },
    { name: 'diagnosis', roles: [], groups: [] },
  ],
};
const variables = { amount: 10, salary: 5000, diagnosis: 'flu' };

function principal(roles: Role[], groups: string[] = []): Principal {
  return { tenantId: 'contoso', userId: 'someone', roles, groups };
}

describe('variable visibility', () => {
  it('shows every variable when the model restricts none', () => {
    assert.deepEqual(variableVisibility({}, principal(['worker'])).visible(variables), variables);
  });

  it('hides restricted variables from callers without a listed role or group', () => {
    const worker = variableVisibility(graph, principal(['worker'], ['claims']));
    assert.deepEqual(worker.visible(variables), { amount: 10 });
    assert.equal(worker.mayRead('salary'), false);
    assert.equal(worker.mayRead('amount'), true);
    assert.equal(worker.mayRead('unknown'), true);
  });

  it('shows a restricted variable to holders of a listed role or members of a listed group', () => {
    assert.deepEqual(variableVisibility(graph, principal(['designer'])).visible(variables), {
      amount: 10,
      salary: 5000,
    });
    assert.deepEqual(variableVisibility(graph, principal(['worker'], ['payroll'])).visible(variables), {
      amount: 10,
      salary: 5000,
    });
  });

  it('shows everything to admins', () => {
    assert.deepEqual(variableVisibility(graph, principal(['admin'])).visible(variables), variables);
  });
});
