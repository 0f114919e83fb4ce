/**
 * Load generator for the fan-out benchmark, run as its own process so that the clients do
 * not share the origin's event loop. For each round it reads the playlist, then holds
 * `clients` blocking playlist requests for the part after the hinted one (so every request is
 * waiting before that part exists) and prints one JSON line with the arrival times. A first
 * round, not reported, opens the keep-alive connections, so that connection set-up is not
 * counted as release delay.
 *
 * Usage: node --import tsx bench/blocking-clients.ts <base-url> <clients> <rounds>
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

const [baseUrl, clientsText, roundsText] = process.argv.slice(2);
if (!baseUrl || !clientsText || !roundsText) {
  console.error('usage: blocking-clients.ts <base-url> <clients> <rounds>');
  process.exit(2);
}
const clients = Number(clientsText);
const rounds = Number(roundsText);
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const wallNow = () => performance.timeOrigin + performance.now();

function get(path: string): Promise<{ status: number; body: string; arrivedAt: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, arrivedAt: wallNow() }));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

const PLAYLIST = '/live/ll200/720p.m3u8';
/** Parts ahead of the preload hint to wait for: far enough that every request is held first. */
const LEAD_PARTS = 3;
for (let round = -1; round < rounds; round++) {
  const playlist = await get(PLAYLIST);
  const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="[^"]*?(\d+)\.(\d+)\.m4s"/.exec(playlist.body);
  if (!hint) throw new Error(`no preload hint:\n${playlist.body}`);
  const msn = Number(hint[1]);
  // Normalised to a part that exists in a 5-part segment.
  const ahead = Number(hint[2]) + LEAD_PARTS;
  const msnAhead = msn + Math.floor(ahead / 5);
  const part = ahead % 5;
  const sentAt = wallNow();
  const results = await Promise.all(
    Array.from({ length: clients }, () => get(`${PLAYLIST}?_HLS_msn=${msnAhead}&_HLS_part=${part}`).catch(() => ({ status: 0, body: '', arrivedAt: NaN }))),
  );
  if (round < 0) continue;
  process.stdout.write(
    JSON.stringify({ msn: msnAhead, part, sentAt, arrivals: results.map((r) => r.arrivedAt), statuses: results.map((r) => r.status) }) + '\n',
  );
}
agent.destroy();
