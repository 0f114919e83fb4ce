/**
 * `glassmeter burn ...` and `glassmeter check ...` (npm run burn / npm run check): GTC1 into a
 * live stream of your own, and a look at what a stream carries. See BURN_USAGE and CHECK_USAGE.
 */
import { BURN_USAGE, parseBurnArgs, UsageError } from './burn-options.ts';
import { runBurn } from './burn.ts';
import { CHECK_USAGE, parseCheckArgs, runCheck } from './check.ts';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const usage = command === 'check' ? CHECK_USAGE : BURN_USAGE;
  try {
    if (command === 'burn') {
      const o = parseBurnArgs(rest);
      if (o.help) return console.log(BURN_USAGE), 0;
      return await runBurn(o);
    }
    if (command === 'check') {
      const o = parseCheckArgs(rest);
      if (o.help) return console.log(CHECK_USAGE), 0;
      return await runCheck(o);
    }
    throw new UsageError(`unknown command ${command ?? '(none)'}: burn or check`);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}\n\n${usage}`);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
