/** A command line the CLIs (`measure`, `burn`, `check`) refuse: printed with the usage text and a usage exit code, never a stack. */
export class UsageError extends Error {}

/** The `fail` the flag parsers take: throws the UsageError the CLI's main turns into exit 2. */
export const usageError = (message: string): never => {
  throw new UsageError(message);
};
