import { describe, expect, it } from 'vitest';
import type { Notification } from './notifier.ts';
import { payloadOf } from './webhook-payload.ts';

const note = (title: string, lines: string[]): Notification => ({
  type: 'alert.fired',
  projectId: 1,
  environmentId: 2,
  at: new Date('2026-01-02T03:04:05Z'),
  title,
  lines,
  data: { value: 3 },
});

describe('webhook payloads', () => {
  it('escapes Slack mrkdwn control characters and caps the details under Slack’s section limit', () => {
    const message = JSON.parse(payloadOf(note('a <b> & c', ['x'.repeat(5000)]), 'slack', 'd1'));
    expect(message.text).toBe('a &lt;b&gt; &amp; c');
    expect(message.blocks[1].text.text).toHaveLength(2900);
    expect(message.blocks[2].elements[0].text).toBe('Signpost · alert.fired · 2026-01-02T03:04:05.000Z');
  });

  it('puts the delivery id, event and data in the JSON form, and subject and text in the mail form', () => {
    expect(JSON.parse(payloadOf(note('t', ['l1', 'l2']), 'json', 'd2'))).toEqual({
      id: 'd2',
      event: 'alert.fired',
      occurred_at: '2026-01-02T03:04:05.000Z',
      project_id: 1,
      environment_id: 2,
      title: 't',
      data: { value: 3 },
    });
    expect(JSON.parse(payloadOf(note('t', ['l1', 'l2']), 'mail', 'd3'))).toEqual({
      subject: 'Signpost: t',
      text: 'l1\nl2',
    });
  });
});
