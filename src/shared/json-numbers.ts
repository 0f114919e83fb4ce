/**
 * A JSON.stringify replacer: NaN and Infinity (a summary of no frames, an unknown bitrate) are not
 * JSON, so they are written as null. The page's report and the CLI's files use this one.
 */
export const jsonNumbers = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value);
