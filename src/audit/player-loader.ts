/**
 * The lazily loaded part of `<RecordingPlayer>`: asciinema-player and its stylesheet. Only a dynamic
 * import of this module pulls them in, so pages that never play a recording never download them.
 */
import 'asciinema-player/dist/bundle/asciinema-player.css';

export { create } from 'asciinema-player';
export type { Player } from 'asciinema-player';
