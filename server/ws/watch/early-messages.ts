/**
 * Holds what a client sends while its socket is being admitted (token checks are asynchronous): the
 * kit subscribes as soon as the socket opens, and ws drops messages nobody listens to.
 */
import type { RawData, WebSocket } from 'ws';

/** A frame as ws delivers it. */
export interface ReceivedFrame {
  data: RawData;
  isBinary: boolean;
}

/**
 * Pauses reading (the client cannot pile up frames meanwhile) and keeps the frames ws had already
 * parsed. The returned function resumes the socket and hands over what was held.
 */
export function holdEarlyMessages(socket: WebSocket): () => ReceivedFrame[] {
  const held: ReceivedFrame[] = [];
  const hold = (data: RawData, isBinary: boolean): void => {
    held.push({ data, isBinary });
  };
  socket.on('message', hold);
  socket.pause();
  return () => {
    socket.off('message', hold);
    socket.resume();
    return held;
  };
}
