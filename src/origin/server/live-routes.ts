import { DEFAULT_PROFILE, entryUrl, findProfile, isDash, PROFILES } from '../../shared/stream/profiles.ts';
import type { RequestKind } from '../../shared/stream/request-kinds.ts';
import { handleDash } from './dash-routes.ts';
import { handleHls, sendMultivariant } from './hls-routes.ts';
import type { RequestScope, StreamContext } from './request-scope.ts';
import { CONTENT_TYPES, sendError, sendText } from './respond.ts';

/** GET /live/: the profiles and the renditions each one serves. */
export function listProfiles(stream: StreamContext) {
  return PROFILES.map((p) => ({
    name: p.name,
    kind: p.kind,
    description: p.description,
    partMs: p.partMs,
    segmentMs: p.segmentMs,
    url: entryUrl(p),
    default: p.name === DEFAULT_PROFILE,
    renditions: stream.packager.rungs.map((s) => ({
      name: s.rung.name,
      width: s.rung.width,
      height: s.rung.height,
      videoKbps: s.rung.videoKbps,
      codecs: s.init ? [s.init.videoCodec, stream.packager.audio?.init?.audioCodec].filter(Boolean).join(',') : null,
    })),
  }));
}

/**
 * Serves everything under /live/: `path` is what follows /live/ (no leading slash). Picks the
 * profile and hands the rest to its protocol's routes. Returns the request kind for metrics.
 */
export async function handleLive(scope: RequestScope, path: string): Promise<RequestKind> {
  const { req, res, stream } = scope;
  if (path === '') {
    // The edge's port, not its URL: the page puts it on the host it was loaded from.
    const edge = stream.edgePort === null ? null : { port: stream.edgePort };
    sendText(req, res, JSON.stringify({ profiles: listProfiles(stream), edge }, null, 2), CONTENT_TYPES.json, 'no-cache');
    return 'profiles';
  }
  const [name = '', ...rest] = path.split('/');
  if (name === 'master.m3u8' && rest.length === 0) {
    const profile = findProfile(DEFAULT_PROFILE)!;
    return sendMultivariant(scope, profile, `${profile.name}/`);
  }
  const profile = findProfile(name);
  if (!profile) {
    sendError(req, res, 404, `unknown profile "${name}"; GET /live/ lists the profiles`);
    return 'unknown';
  }
  return isDash(profile) ? handleDash(scope, profile, rest) : handleHls(scope, profile, rest);
}
