/**
 * Records terminal sessions (DESIGN §6): an asciicast v2 file per session under `dir`, named by a
 * random UUID (never by anything a user chose), and its metadata in the SQLite audit index. One
 * process owns a recordings directory: at start-up it completes the rows its predecessor left open.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AsciicastWriter, type AsciicastEventCode } from './asciicast.js';
import { AuditIndex } from './audit-index.js';
import { completeInterruptedSessions } from './crash-recovery.js';
import { RECORDING_ID } from './cursor.js';
import type { RecordingMeta, SessionPage, SessionQuery, TerminalSessionRecord } from './types.js';

/** Options of a {@link SessionRecorder}. */
export interface SessionRecorderOptions {
  /** Directory of the recordings (created when missing). */
  dir: string;
  /** Also record what the user types (`"i"` events); off by default in the gateway's config. */
  recordInput: boolean;
  /** The SQLite audit index; default `<dir>/audit.sqlite`. */
  databasePath?: string;
}

/**
 * A byte stream turned into text as it arrives: a UTF-8 character split across two chunks is held
 * back until its last byte comes, and invalid bytes become U+FFFD.
 */
class Utf8Stream {
  private readonly decoder = new TextDecoder('utf-8');

  /** The text completed by `bytes`. */
  push(bytes: Uint8Array): string {
    return this.decoder.decode(bytes, { stream: true });
  }

  /** What is left at the end (an incomplete character becomes U+FFFD). */
  end(): string {
    return this.decoder.decode();
  }
}

/** One session being recorded. Every method is a no-op once finished. */
export class Recording {
  private readonly writer: AsciicastWriter;
  private readonly outputText = new Utf8Stream();
  private readonly inputText = new Utf8Stream();
  private bytes = 0;
  private finished = false;

  /** @internal Created by {@link SessionRecorder.start}. */
  constructor(
    /** The recording's id (a random UUID). */
    readonly id: string,
    path: string,
    meta: RecordingMeta,
    startedAt: number,
    private readonly recordInput: boolean,
    private readonly onFinish: (recording: Recording, exitCode: number | null, bytes: number) => void,
  ) {
    this.writer = new AsciicastWriter(path, {
      width: meta.width,
      height: meta.height,
      timestamp: Math.floor(startedAt / 1000),
      title: `${meta.user}@${meta.cluster}/${meta.namespace}/${meta.pod}/${meta.container}`,
      // The program in the terminal stands in for the login shell asciinema would note.
      env: { TERM: 'xterm-256color', SHELL: meta.command[0] ?? '' },
    });
  }

  /** Output of the pod, as it arrived. */
  output(bytes: Uint8Array): void {
    if (this.finished) return;
    this.bytes += bytes.byteLength;
    this.text('o', this.outputText.push(bytes));
  }

  /** What the user typed; kept only when the recorder records input. */
  input(bytes: Uint8Array): void {
    if (this.finished || !this.recordInput) return;
    this.text('i', this.inputText.push(bytes));
  }

  /** The terminal was resized. */
  resize(cols: number, rows: number): void {
    if (this.finished) return;
    this.writer.event('r', `${cols}x${rows}`);
  }

  /** Ends the recording; `exitCode` is null when the session ended without an exit status. */
  finish(exitCode: number | null): void {
    if (this.finished) return;
    this.text('o', this.outputText.end());
    if (this.recordInput) this.text('i', this.inputText.end());
    this.finished = true;
    this.writer.close();
    this.onFinish(this, exitCode, this.bytes);
  }

  private text(code: AsciicastEventCode, data: string): void {
    if (data !== '') this.writer.event(code, data);
  }
}

/** Starts recordings and answers the audit API's questions about them. */
export class SessionRecorder {
  private readonly dir: string;
  private readonly recordInput: boolean;
  private readonly index: AuditIndex;
  private readonly active = new Set<Recording>();

  constructor(options: SessionRecorderOptions) {
    this.dir = options.dir;
    this.recordInput = options.recordInput;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.index = new AuditIndex(options.databasePath ?? join(this.dir, 'audit.sqlite'));
    // Nothing runs yet, so every open row is a session the previous process never finished.
    completeInterruptedSessions(this.index, (id) => this.file(id));
  }

  /** Starts recording a session: creates its file and its index row. */
  start(meta: RecordingMeta): Recording {
    const id = randomUUID();
    const startedAt = Date.now();
    const recording = new Recording(id, this.file(id), meta, startedAt, this.recordInput, (r, exitCode, bytes) => {
      this.active.delete(r);
      this.index.finish(r.id, Date.now(), exitCode, bytes);
    });
    this.index.insert(id, meta, startedAt);
    this.active.add(recording);
    return recording;
  }

  /** Sessions matching `query`, newest first; throws InvalidCursorError for a cursor it never issued. */
  list(query: SessionQuery = {}): SessionPage {
    return this.index.list(query);
  }

  /** The session `id`, or null when there is none. */
  get(id: string): TerminalSessionRecord | null {
    return RECORDING_ID.test(id) ? this.index.get(id) : null;
  }

  /** The recording file of session `id`, or null when there is no such session. */
  recordingPath(id: string): string | null {
    return this.get(id) ? this.file(id) : null;
  }

  /** Finishes the recordings still running (without exit code) and closes the index. */
  close(): void {
    for (const recording of [...this.active]) recording.finish(null);
    this.index.close();
  }

  private file(id: string): string {
    return join(this.dir, `${id}.cast`);
  }
}
