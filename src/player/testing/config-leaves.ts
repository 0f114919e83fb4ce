/** Every leaf of a library's configuration object as a dotted path (arrays count as leaves). */
export function leaves(node: unknown, prefix: string): string[] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}
