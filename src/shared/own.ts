/**
 * `record[key]` only when `key` is the record's own property. Names that come from a visitor
 * (URL options, profile and schedule names, query keys) must never reach `Object.prototype`
 * members such as `__proto__`, `constructor` or `toString`.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
