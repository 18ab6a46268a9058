import type { Role } from '../access/roles.ts';
import type { Logger } from '../util/logger.ts';
import type { Mailer, MailMessage } from './mailer.ts';

export const inviteMail = (to: string, projectName: string, role: Role, url: string): MailMessage => ({
  to,
  subject: `You are invited to ${projectName} on Signpost`,
  text: `You have been invited to join ${projectName} on Signpost as ${role.replace('_', ' ')}.\n\nAccept: ${url}\n\nThe link works once and expires in 7 days.\n`,
});

export const resetMail = (to: string, url: string): MailMessage => ({
  to,
  subject: 'Choose a new Signpost password',
  text: `An admin issued a password reset for your Signpost account.\n\nChoose a new password: ${url}\n\nThe link works once and expires in 24 hours. If you did not expect this, tell your admin.\n`,
});

/**
 * Mail is a convenience next to the link shown to the admin, never the only way: a failure is reported in the
 * answer and logged, and the link still works.
 */
export async function tryMail(
  mailer: Mailer | undefined,
  message: MailMessage,
  logger: Logger,
): Promise<{ mailed: boolean; mail_error?: string }> {
  if (!mailer) return { mailed: false };
  try {
    await mailer.send(message);
    return { mailed: true };
  } catch (error) {
    logger.warn('could not send mail', { to: message.to, error: String(error) });
    return { mailed: false, mail_error: 'The mail server refused the message; copy the link instead.' };
  }
}
