/**
 * The one place the Functions app chooses its `CaseStarter` (messages and signals starting cases). Until the
 * case execution core's start-case service takes its place here, the app starts no case from a message or
 * signal: a message that no case waits for is buffered, a signal reaches the waiting cases only.
 */
import type { CaseStarter } from '../shared/cases/case-starter.js';

const startsNoCase: CaseStarter = { startCasesFor: async () => [] };

export function caseStarter(): CaseStarter {
  return startsNoCase;
}
