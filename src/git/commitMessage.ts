// A commit message in its parts, and as git stores it. The message box edits
// the subject on one line while the body is kept; the modal shows, and the
// commit writes, the text `git log --format=%B` gives back.

export interface MessageParts {
  /** The first line. */
  readonly subject: string;
  /** Everything after the blank line that follows the subject ('' when none). */
  readonly body: string;
}

/** The subject line and the body of a message (the body keeps its own lines). */
export function splitMessage(message: string): MessageParts {
  const lines = message.replace(/\r\n?/g, '\n').split('\n');
  const subject = lines[0] ?? '';
  let rest = lines.slice(1);
  while (rest.length > 0 && rest[0]!.trim() === '') rest = rest.slice(1);
  return { subject, body: rest.join('\n').trimEnd() };
}

/** A subject and a body as one message: a blank line between them. */
export function joinMessage(subject: string, body: string): string {
  return body.trim() === '' ? subject : `${subject}\n\n${body}`;
}

/**
 * The message as git stores it from `git commit -m` (its `whitespace` clean-up):
 * trailing spaces cut from every line, runs of blank lines made one, and no
 * blank line at the start or the end. Committing this text stores it unchanged.
 */
export function storedMessage(message: string): string {
  const lines = message.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd());
  const kept = lines.filter((l, i) => l !== '' || (i > 0 && lines[i - 1] !== ''));
  while (kept[0] === '') kept.shift();
  while (kept.at(-1) === '') kept.pop();
  return kept.join('\n');
}
