/**
 * The terminal endpoint (DESIGN §6) of the fake gateway: a tiny line-discipline shell that echoes
 * binary stdin back as binary PTY output, runs `echo` and `whoami`, and on `exit [code]` sends the
 * exit status frame and closes with 1000. Control frames (resize, pause, resume) are parsed and kept.
 */
import {
  CloseCode,
  Paths,
  parseTerminalControl,
  parseTerminalQuery,
  type TerminalControl,
  type TerminalStatus,
} from '../../src/core/protocol.ts';
import { MockEndpoint, type AttemptOutcome, type MockClient } from './endpoint.ts';

/** The prompt the mocked shell prints. */
export const SHELL_PROMPT = 'storybook@my-pod:~$ ';

/** A mocked terminal endpoint and what the shells received. */
export interface TerminalMock {
  readonly endpoint: MockEndpoint;
  /** Control frames received, across sessions since the last reset. */
  readonly controls: TerminalControl[];
  /** Forgets attempts and control frames; the story's `beforeEach`. */
  reset(): void;
}

const encoder = new TextEncoder();

function output(client: MockClient, text: string): void {
  client.send(encoder.encode(text));
}

function status(client: MockClient, message: TerminalStatus): void {
  client.send(JSON.stringify(message));
}

/** What the shell prints for one command line, or the code it exits with. */
function run(line: string): { print: string } | { exit: number } {
  const [command = '', ...args] = line.trim().split(/\s+/);
  if (command === '') return { print: '' };
  if (command === 'exit') return { exit: Number.parseInt(args[0] ?? '0', 10) || 0 };
  if (command === 'echo') return { print: `${args.join(' ')}\r\n` };
  if (command === 'whoami') return { print: 'storybook-user\r\n' };
  return { print: `sh: ${command}: not found\r\n` };
}

function shell(client: MockClient, controls: TerminalControl[]): void {
  const decoder = new TextDecoder();
  let line = '';
  output(client, `\x1b[1;32mKubeVision mock shell\x1b[0m (echo, whoami, exit [code])\r\n${SHELL_PROMPT}`);
  client.addEventListener('message', (event) => {
    if (typeof event.data === 'string') {
      const control = parseTerminalControl(event.data);
      if (control.ok) controls.push(control.value);
      else status(client, { type: 'error', message: control.error });
      return;
    }
    if (!(event.data instanceof ArrayBuffer || ArrayBuffer.isView(event.data))) return;
    for (const ch of decoder.decode(event.data, { stream: true })) {
      if (ch === '\r') {
        output(client, '\r\n');
        const result = run(line);
        line = '';
        if ('exit' in result) {
          status(client, { type: 'exit', code: result.exit });
          // msw delivers a send in a microtask and drops it if the socket is closing by then: close after it.
          setTimeout(() => client.close(CloseCode.Normal, 'process exited'), 0);
          return;
        }
        output(client, `${result.print}${SHELL_PROMPT}`);
      } else if (ch === '\x7f') {
        if (line.length > 0) output(client, '\b \b');
        line = line.slice(0, -1);
      } else if (ch >= ' ') {
        line += ch;
        output(client, ch);
      }
    }
  });
}

/** A terminal endpoint for `/api/v1/ws/terminal/:cluster/:ns/:pod` running the mocked shell. */
export function mockTerminal(attempt?: (n: number) => AttemptOutcome): TerminalMock {
  const controls: TerminalControl[] = [];
  const endpoint = new MockEndpoint({
    path: `${Paths.terminal}/:cluster/:ns/:pod`,
    attempt,
    serve(client) {
      const query = parseTerminalQuery(client.url.searchParams);
      if (!query.ok) {
        client.close(CloseCode.BadRequest, query.error);
        return;
      }
      shell(client, controls);
    },
  });
  return {
    endpoint,
    controls,
    reset() {
      endpoint.reset();
      controls.length = 0;
    },
  };
}
