import type { Certificate } from '../../certificates/certificate.js';
import type { ProtocolViolation } from '../protocolViolation.js';
import type { ProtocolRequest } from '../requestFor.js';
import type { ExitInfo } from './sessionProblems.js';

/** The request outstanding, with how to settle its promise and its time limit. */
export interface Pending {
  readonly request: ProtocolRequest;
  readonly line: string;
  readonly resolve: (certificate: Certificate) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/** A request written to the command, with its line as sent. */
export type Sent = Pick<Pending, 'request' | 'line'>;

/** A request whose response line was valid, before the rest of the read is checked. */
export type Answered = { readonly pending: Pending; readonly certificate: Certificate };

/**
 * Where the conversation stands. `unsent`: no request written yet (lines that arrive are kept, to be
 * read as the first response). `awaiting`: one request outstanding. `idle`: every request written has
 * been answered or failed. `broken`: a violation desynchronised the stream; every later request is
 * rejected with it. Closing is the session's close promise being set, orthogonal to these.
 */
export type Conversation =
  | { readonly phase: 'unsent'; readonly early: Buffer[] }
  | { readonly phase: 'awaiting'; readonly pending: Pending }
  | { readonly phase: 'idle'; readonly last: Sent }
  | { readonly phase: 'broken'; readonly by: ProtocolViolation };

/**
 * The command's process: `running`; `exited` (its stdout may still be held open by a process it
 * started); `gone` (exited and stdout closed, `exit` undefined if Node reported the close first);
 * `unstarted` (spawn failed).
 */
export type Life =
  | { readonly status: 'running' }
  | { readonly status: 'exited'; readonly exit: ExitInfo }
  | { readonly status: 'gone'; readonly exit: ExitInfo | undefined }
  | { readonly status: 'unstarted'; readonly error: Error };

/** A response line as text, without a trailing carriage return (tolerated from CRLF printers). */
export function decode(buffer: Buffer): string {
  const text = buffer.toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
