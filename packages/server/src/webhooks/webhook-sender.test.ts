import { describe, expect, it } from 'vitest';
import type { MailMessage } from '../members/mailer.ts';
import { WebhookReceiver } from './webhook-receiver.test-kit.ts';
import { httpSender } from './webhook-sender.ts';

describe('webhook sender', () => {
  it('mails the subject and text stored for a mailto: subscription through the mailer', async () => {
    const sent: MailMessage[] = [];
    const sender = httpSender({ timeoutMs: 1000, mailer: { send: async (m) => void sent.push(m) } });
    const body = JSON.stringify({ subject: 'Signpost: Flag x updated', text: 'active: true → false' });
    const outcome = await sender.send(
      { url: 'mailto:ops@example.com', secret: 's', body, event: 'flag.changed', deliveryId: 'd' },
      new Date(),
    );
    expect(outcome).toMatchObject({ ok: true, status: null });
    expect(sent).toEqual([
      { to: 'ops@example.com', subject: 'Signpost: Flag x updated', text: 'active: true → false' },
    ]);
    const refused = httpSender({
      timeoutMs: 1000,
      mailer: {
        send: async () => {
          throw new Error('550 mailbox unavailable');
        },
      },
    });
    expect(
      await refused.send(
        { url: 'mailto:ops@example.com', secret: 's', body, event: 'x', deliveryId: 'd' },
        new Date(),
      ),
    ).toMatchObject({ ok: false, response: '550 mailbox unavailable' });
  });

  it('gives up on a receiver that does not answer within the timeout, and says so', async () => {
    const receiver = await new WebhookReceiver().start();
    receiver.answer([], 'hang');
    try {
      const started = performance.now();
      const outcome = await httpSender({ timeoutMs: 200 }).send(
        { url: receiver.url, secret: '', body: '{}', event: 'ping', deliveryId: 'd' },
        new Date(),
      );
      expect(performance.now() - started).toBeLessThan(1500);
      expect(outcome).toMatchObject({ ok: false, status: null, response: 'no answer within 200 ms' });
    } finally {
      await receiver.stop();
    }
  });
});
