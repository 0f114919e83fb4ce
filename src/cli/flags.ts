import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

type StrictConfig<O extends ParseArgsOptionsConfig> = { args: string[]; strict: true; allowPositionals: false; options: O };
/** The flags' values, typed from `options` as node's parseArgs types them. */
type Flags<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<StrictConfig<O>>>['values'];

/**
 * The `--flag value` options of a command line (`npm start`, `npm run measure`), strictly: an
 * unknown flag, a missing value or a stray positional calls `fail` with node's message, so each
 * CLI answers with its own usage error. Node only (the page never parses a command line).
 */
export function parseFlags<O extends ParseArgsOptionsConfig>(argv: string[], options: O, fail: (message: string) => never): Flags<O> {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
  } catch (err) {
    return fail((err as Error).message);
  }
}

/**
 * The same for a command that also takes operands (`check URL|FILE`, `burn INPUT OUTPUT`):
 * the flags strictly as above, and the operands in order; the command checks how many it got.
 */
export function parseFlagsAndOperands<O extends ParseArgsOptionsConfig>(argv: string[], options: O, fail: (message: string) => never): { flags: Flags<O>; operands: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options });
    return { flags: values, operands: positionals };
  } catch (err) {
    return fail((err as Error).message);
  }
}
