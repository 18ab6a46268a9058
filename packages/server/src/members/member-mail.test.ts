import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY } from '../testing/test-server.ts';

// Invitation and reset links mailed through a real SMTP server on loopback (smtp-server, the protocol engine
// nodemailer's authors ship), received and parsed as a mail client would.

interface Received {
  to: string[];
  raw: string;
}

const received: Received[] = [];
let smtp: SMTPServer;
let port = 0;
let sp: InProcess;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d: Buffer) => {
        raw += d.toString();
      });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.test')) callback(new Error('mailbox unavailable'));
      else callback();
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as AddressInfo).port;
  sp = await inProcess('memory', {
    SIGNPOST_SMTP_URL: `smtp://127.0.0.1:${port}`,
    SIGNPOST_SMTP_FROM: 'Signpost <noreply@signpost.test>',
    SIGNPOST_PUBLIC_URL: 'https://signpost.example.com',
  });
});
afterAll(async () => {
  await sp.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const admin = (path: string, body?: unknown) =>
  sp.signpost.app.request(`http://signpost.test${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
/** Quoted-printable soft line breaks fold long lines; unfold them to read the link. */
const unfold = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

describe('mailed links', () => {
  it('mails the invitation link to the invited address, and the link in the mail works', async () => {
    const res = await admin('/api/projects/@current/invites/', {
      email: 'carol@example.com',
      role: 'analyst',
    });
    const body = (await res.json()) as { invite_url: string; mailed: boolean };
    expect(res.status).toBe(201);
    expect(body.mailed).toBe(true);
    // The link points where members reach Signpost (SIGNPOST_PUBLIC_URL), not the address the admin used.
    expect(body.invite_url.startsWith('https://signpost.example.com/accept-invite#token=')).toBe(true);
    const mail = received.find((m) => m.to.includes('carol@example.com'));
    expect(mail).toBeDefined();
    const text = unfold(mail?.raw ?? '');
    expect(text).toContain('From: Signpost <noreply@signpost.test>');
    expect(text).toContain('as analyst');
    expect(text).toContain(body.invite_url);
    const token = new URL(body.invite_url).hash.slice('#token='.length);
    const peek = await sp.signpost.app.request(`/_auth/invite?token=${token}`);
    expect(await peek.json()).toMatchObject({ email: 'carol@example.com', role: 'analyst' });
  });

  it('a refused mail still answers 201 with the link and says it was not mailed', async () => {
    const res = await admin('/api/projects/@current/invites/', {
      email: 'dave@refused.test',
      role: 'viewer',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ mailed: false, mail_error: expect.any(String) });
  });
});
