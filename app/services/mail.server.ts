import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/**
 * E-mail, only where the operator configured it: `SMTP_URL` (e.g. `smtps://user:pass@mail.example.org:465`) names
 * the server, `MAIL_FROM` the sender. nodemailer speaks SMTP (TLS, STARTTLS, auth): nothing of it is ours to write.
 */

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export function mailConfigured(): boolean {
  return Boolean(process.env.SMTP_URL);
}

/** Sends one message; rejects with the SMTP server's reason when it refuses or cannot be reached (within 15 s). */
export async function sendMail(mail: Mail): Promise<void> {
  const url = process.env.SMTP_URL;
  if (!url) throw new Error('SMTP_URL is not set');
  const options: SMTPTransport.Options & { url: string } = { url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 15_000 };
  const transport = nodemailer.createTransport(options);
  try {
    await transport.sendMail({
      from: process.env.MAIL_FROM || 'Letter Workbench <letter-workbench@localhost>', to: mail.to, subject: mail.subject, text: mail.text,
    });
  } finally {
    transport.close();
  }
}
