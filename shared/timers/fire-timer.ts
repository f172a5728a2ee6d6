/**
 * What a timer orchestration does when its timer is due: deliver `timerFired` to the case's inbox under the
 * timer's key (a repeated activity delivers nothing new). A case that closed or vanished meanwhile takes no
 * events: the firing is late and dropped, as the engine would ignore it.
 */
import type { CaseInbox } from '../cases/case-inbox.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import { timerFiredKey, type TimerInput } from './timer-performer.js';

export async function fireTimer(input: TimerInput, inbox: CaseInbox): Promise<'delivered' | 'case-gone'> {
  try {
    await inbox.deliver(
      { tenantId: input.tenantId, caseId: input.caseId },
      { type: 'timerFired', timer: input.timer },
      { idempotencyKey: timerFiredKey(input.timer), actor: 'system:timer' },
    );
    return 'delivered';
  } catch (error) {
    if (
      error instanceof CaseflowError &&
      (error.code === 'cases.closed' || error.code === 'cases.not-found')
    ) {
      return 'case-gone';
    }
    throw error;
  }
}
