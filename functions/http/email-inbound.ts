/**
 * The inbound mail webhook, `POST /api/email/inbound`: a raw MIME message (`message/rfc822`) from a mail
 * service, authorised by the shared secret `CASEFLOW_EMAIL_INBOUND_SECRET` in `X-Caseflow-Email-Key` (or
 * `?key=` for services that can only be given a URL). No secret configured: 503, the webhook is off.
 * 202 with the mail's id once it is stored and queued (docs/email.md).
 */
import { readSetting } from '../../shared/config/registry.js';
import { acceptInboundMail, checkInboundKey } from '../../shared/email/inbound-intake.js';
import { requireMediaType } from '../../shared/http/body.js';
import { inboundMailQueue, inboundMailStore, inboundSecret } from '../inbound-email-services.js';
import { apiRoute, json } from './api-route.js';
import { requestBytes } from './request-body.js';

apiRoute({
  name: 'receiveInboundEmail',
  public: true,
  method: 'POST',
  route: 'email/inbound',
  async handler(request) {
    checkInboundKey(
      inboundSecret(),
      request.headers.get('x-caseflow-email-key') ?? request.query.get('key') ?? undefined,
    );
    requireMediaType(request.headers.get('content-type'), ['message/rfc822']);
    const maxBytes = readSetting('emailMaxInboundBytes');
    const raw = Buffer.from(await requestBytes(request, maxBytes));
    const accepted = await acceptInboundMail(raw, {
      maxBytes,
      store: inboundMailStore(),
      queue: inboundMailQueue(),
      now: () => new Date(),
    });
    return json(202, accepted);
  },
});
