/**
 * A command-line option that is a whole number in a range (`npm start`, `npm run measure`):
 * `fallback` when absent; otherwise digits only (no sign, no decimals, no exponent) and within
 * range, or `fail` is called with a message naming the flag. Each CLI passes its own error.
 */
export function wholeNumberFlag(
  name: string,
  text: string | undefined,
  fallback: number,
  range: { min: number; max: number },
  fail: (message: string) => never,
  unit = '',
): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) fail(`--${name} must be a whole number${unit}, got "${text}"`);
  const n = Number(text);
  if (n < range.min || n > range.max) fail(`--${name} must be between ${range.min} and ${range.max}, got ${n}`);
  return n;
}
