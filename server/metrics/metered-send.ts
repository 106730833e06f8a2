/** `sendBounded` that reports to a {@link SocketMeter}: the bytes it sent, or the 4408 close it made. */
import type { WebSocket } from 'ws';
import { sendBounded } from '../ws/socket-util.js';
import type { SocketMeter } from './gateway-metrics.js';

/** Sends like `sendBounded` and counts the payload bytes, or the slow-consumer close. */
export function sendMetered(socket: WebSocket, data: string | Buffer, limit: number, meter: SocketMeter): boolean {
  // sendBounded refuses an open socket only when it closes it with 4408.
  const wasOpen = socket.readyState === socket.OPEN;
  if (sendBounded(socket, data, limit)) {
    meter.sent(typeof data === 'string' ? Buffer.byteLength(data) : data.length);
    return true;
  }
  if (wasOpen) meter.slowConsumer();
  return false;
}
