export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends one plain-text message; rejects when the mail server refuses it. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** SMTP through nodemailer, from `SIGNPOST_SMTP_URL` (smtp:// with STARTTLS when offered, or smtps://). */
export function smtpMailer(url: string, from: string): Mailer {
  // Loaded on the first message: a server without SMTP, or that has not mailed yet, does not pay for nodemailer.
  let transport: Promise<{ sendMail(mail: MailMessage & { from: string }): Promise<unknown> }> | undefined;
  return {
    async send(message) {
      transport ??= import('nodemailer').then((m) => m.default.createTransport(url));
      await (await transport).sendMail({ from, ...message });
    },
  };
}
