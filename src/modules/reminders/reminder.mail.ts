// The reminder mail: what it reminds of, the job, and the times in the user's time zone.
import type { MailMessage } from '../../infra/mailer.ts';
import type { ReminderItem } from './reminder.items.ts';

/** "Thursday, 3 December 2026 at 14:00 (Europe/Berlin)". */
export function formatInZone(at: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(at);
  return `${text} (${timeZone})`;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function reminderMail(item: ReminderItem, dueAt: Date): MailMessage {
  const job = item.companyName ? `${item.position} at ${item.companyName}` : null;
  const when = item.at ? formatInZone(item.at, item.timeZone) : formatInZone(dueAt, item.timeZone);
  const lines: string[] = [];
  let subject: string;
  if (item.kind === 'follow_up') {
    subject = `Follow up: ${job ?? 'your application'}`;
    lines.push(
      `You applied for ${job ?? 'a job'} and have had no news for ${item.details ?? 'several'} days.`,
      'A follow-up task was added to your list: a short, friendly message to the recruiter often helps.',
    );
  } else if (item.kind === 'interview') {
    subject = `Interview reminder: ${job ?? 'your interview'}, ${when}`;
    lines.push(`Your ${item.title.replace(/_/g, ' ')} interview${job ? ` for ${job}` : ''} starts ${when}.`);
    if (item.durationMinutes) lines.push(`Duration: ${item.durationMinutes} minutes`);
    if (item.location) lines.push(`Location: ${item.location}`);
    if (item.meetingUrl) lines.push(`Meeting link: ${item.meetingUrl}`);
    if (item.details) lines.push('', item.details);
  } else if (item.kind === 'task') {
    subject = `Task due: ${item.title}`;
    lines.push(`Your task "${item.title}"${job ? ` for ${job}` : ''} is due ${when}.`);
  } else {
    subject = `Reminder${job ? `: ${job}` : ''}`;
    lines.push(`You asked to be reminded ${when}${job ? ` about ${job}` : ''}:`, '', item.title);
  }
  const text = [`Hello ${item.firstName},`, '', ...lines, '', '(Turn reminder emails off in your settings.)'].join(
    '\n',
  );
  const html = text
    .split('\n')
    .map((line) => (line ? `<p>${escapeHtml(line)}</p>` : ''))
    .join('');
  return { to: item.email, subject, text, html };
}
