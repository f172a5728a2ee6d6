/** The "task overdue" sweep: mails the assignees of open tasks past their due date, once per task. */
import azureFunctions from '@azure/functions';
import { cosmosContainers, settings } from '../../shared/config/registry.js';
import { overdueTasks, sendOverdueNotices } from '../../shared/email/overdue-task-notices.js';
import { emailRepository, notifications } from '../email-services.js';
import { appDatabase } from '../http/app-services.js';

azureFunctions.app.timer('emailOverdueSweep', {
  schedule: `%${settings.emailOverdueSchedule.name}%`,
  async handler(_timer, context) {
    const now = new Date().toISOString();
    const overdue = await overdueTasks(appDatabase().container(cosmosContainers.tasks.name), now);
    const sent = await sendOverdueNotices(overdue, emailRepository, notifications(), now);
    if (sent > 0) context.log(`Queued ${sent} task overdue notification(s).`);
  },
});
