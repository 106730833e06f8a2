/**
 * Records terminal sessions (DESIGN §6): an asciicast v2 file per session under `dir`, named by a
 * random UUID (never by anything a user chose), and its metadata in the audit index (SQLite in
 * `dir` by default, or a shared PostgreSQL whose replicas share `dir` too). At start-up, and then
 * now and again, it completes the rows a gateway that is gone left open.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AsciicastWriter, type AsciicastEventCode } from './asciicast.js';
import type { AuditIndex } from './audit-index.js';
import { completeInterruptedSessions } from './crash-recovery.js';
import { RECORDING_ID } from './cursor.js';
import { IndexWrites } from './index-writes.js';
import { SqliteAuditIndex } from './sqlite-audit-index.js';
import type { RecordingMeta, SessionPage, SessionQuery, TerminalSessionRecord } from './types.js';

/** Options of a {@link SessionRecorder}. */
export interface SessionRecorderOptions {
  /** Directory of the recordings (created when missing). */
  dir: string;
  /** Also record what the user types (`"i"` events); off by default in the gateway's config. */
  recordInput: boolean;
  /** The audit index; default SQLite at `<dir>/audit.sqlite`. The recorder closes it. */
  index?: AuditIndex;
  /** Hears index trouble the sessions go on through (a failed write, an index that is away). */
  onIndexError?: (error: unknown) => void;
  /** How often writes the index refused are retried and orphaned rows completed; default 15 s. */
  maintenanceIntervalMs?: number;
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
  private readonly active = new Set<Recording>();
  private readonly writes: IndexWrites;
  private readonly maintenance: NodeJS.Timeout;
  private maintaining: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly recordInput: boolean,
    private readonly index: AuditIndex,
    private readonly onIndexError: (error: unknown) => void,
    intervalMs: number,
  ) {
    this.writes = new IndexWrites(onIndexError);
    this.maintenance = setInterval(() => {
      this.maintaining = this.maintain();
    }, intervalMs).unref();
  }

  /** Opens the recordings directory (created when missing) and completes the rows left open there. */
  static async open(options: SessionRecorderOptions): Promise<SessionRecorder> {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const index = options.index ?? new SqliteAuditIndex(join(options.dir, 'audit.sqlite'));
    const recorder = new SessionRecorder(options.dir, options.recordInput, index, options.onIndexError ?? (() => undefined), options.maintenanceIntervalMs ?? 15_000);
    await recorder.recover();
    return recorder;
  }

  /** Starts recording a session: creates its file now and queues its index row. */
  start(meta: RecordingMeta): Recording {
    const id = randomUUID();
    const startedAt = Date.now();
    const recording = new Recording(id, this.file(id), meta, startedAt, this.recordInput, (r, exitCode, bytes) => {
      this.active.delete(r);
      const endedAt = Date.now();
      this.writes.add(() => this.index.finish(r.id, endedAt, exitCode, bytes));
    });
    this.writes.add(() => this.index.insert(id, meta, startedAt));
    this.active.add(recording);
    return recording;
  }

  /** Sessions matching `query`, newest first; throws InvalidCursorError for a cursor it never issued. */
  async list(query: SessionQuery = {}): Promise<SessionPage> {
    // Read your own writes: what this gateway recorded is in the index before it is asked.
    await this.writes.settled();
    return this.index.list(query);
  }

  /** The session `id`, or null when there is none. */
  async get(id: string): Promise<TerminalSessionRecord | null> {
    if (!RECORDING_ID.test(id)) return null;
    await this.writes.settled();
    return this.index.get(id);
  }

  /** The recording file of session `id`, or null when there is no such session. */
  async recordingPath(id: string): Promise<string | null> {
    const record = await this.get(id);
    return record ? this.recordingFile(record) : null;
  }

  /** The recording file of a session the index returned (so its id is one this recorder made). */
  recordingFile(record: TerminalSessionRecord): string {
    return this.file(record.id);
  }

  /** Finishes the recordings still running (without exit code), writes what it can and closes the index. */
  async close(): Promise<void> {
    clearInterval(this.maintenance);
    await this.maintaining;
    for (const recording of [...this.active]) recording.finish(null);
    await this.writes.retry();
    // What the index still refuses stays open there; the files hold it and recovery completes it.
    await this.index.close();
  }

  private async maintain(): Promise<void> {
    await this.writes.retry();
    await this.recover();
  }

  private async recover(): Promise<void> {
    try {
      await completeInterruptedSessions(this.index, (id) => this.file(id));
    } catch (error) {
      this.onIndexError(error);
    }
  }

  private file(id: string): string {
    return join(this.dir, `${id}.cast`);
  }
}
