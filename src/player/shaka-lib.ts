/**
 * The one place the app names Shaka Player's bundle. The compiled ES2021 build (HLS and DASH, no
 * UI, about 700 kB unminified-free) is a UMD file whose typings are a `shaka` namespace with a
 * default export; imported only from the Shaka adapter, so it lands in that dynamic chunk.
 */
import shaka from 'shaka-player/dist/shaka-player.compiled-es2021.js';

export default shaka;
export type ShakaPlayer = shaka.Player;
export type ShakaConfig = shaka.extern.PlayerConfiguration;
export type ShakaTrack = shaka.extern.Track;
