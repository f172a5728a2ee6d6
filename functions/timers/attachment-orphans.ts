/** The orphan attachment clean-up: deletes attachment blobs no metadata document names, once past a grace period. */
import azureFunctions from '@azure/functions';
import { cosmosContainers, readSetting, settings } from '../../shared/config/registry.js';
import { deleteOrphanAttachmentBlobs } from '../../shared/storage/attachment-orphans.js';
import { appDatabase, caseAttachmentsContainer } from '../http/app-services.js';

azureFunctions.app.timer('attachmentOrphanSweep', {
  schedule: `%${settings.attachmentOrphanSchedule.name}%`,
  async handler(_timer, context) {
    const olderThan = new Date(Date.now() - readSetting('attachmentOrphanGraceSeconds') * 1000);
    const { examined, deleted } = await deleteOrphanAttachmentBlobs(
      caseAttachmentsContainer(),
      appDatabase().container(cosmosContainers.cases.name),
      { olderThan },
    );
    for (const name of deleted) context.log(`Deleted orphan attachment blob ${name}`);
    if (deleted.length > 0)
      context.log(`Orphan clean-up: ${deleted.length} of ${examined} attachment blobs deleted.`);
  },
});
