/**
 * The playback engines, by the id that permalinks (`engine=`), `measure --engine`, exports and
 * the bench use. The page's catalog (player/catalog.ts) says what each one is and can play.
 */
export const ENGINE_IDS = ['hls', 'dash', 'shaka'] as const;

export type EngineId = (typeof ENGINE_IDS)[number];

export function isEngineId(text: string): text is EngineId {
  return (ENGINE_IDS as readonly string[]).includes(text);
}
