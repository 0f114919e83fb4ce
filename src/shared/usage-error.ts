/** A command line the CLIs (`measure`, `burn`, `check`) refuse: printed with the usage text and a usage exit code, never a stack. */
export class UsageError extends Error {}
