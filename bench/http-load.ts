/**
 * A closed-loop HTTP load generator: `connections` keep-alive connections each request `url`
 * back to back for `seconds`, then it prints {requests, errors, seconds, rps} as JSON. Used on
 * the origin and on nginx in the same run, so its own cost weighs the same on both.
 *
 * Usage: node --import tsx bench/http-load.ts <url> <connections> <seconds>
 */
import { Agent, request } from 'node:http';

const [url, connectionsText, secondsText] = process.argv.slice(2);
if (!url || !connectionsText || !secondsText) {
  console.error('usage: http-load.ts <url> <connections> <seconds>');
  process.exit(2);
}
const connections = Number(connectionsText);
const seconds = Number(secondsText);
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const deadline = performance.now() + seconds * 1000;
let requests = 0;
let errors = 0;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url!, { agent }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => {
        if (res.statusCode === 200) requests++;
        else errors++;
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end();
  });
}

async function loop(): Promise<void> {
  while (performance.now() < deadline) await once();
}

const started = performance.now();
await Promise.all(Array.from({ length: connections }, loop));
const elapsed = (performance.now() - started) / 1000;
agent.destroy();
process.stdout.write(JSON.stringify({ requests, errors, seconds: elapsed, rps: requests / elapsed }) + '\n');
