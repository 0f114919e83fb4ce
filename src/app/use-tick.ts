import { useEffect, useState } from 'react';

/** Re-renders the caller every `ms` (charts and readouts refresh on a clock, not per frame). */
export function useTick(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
  return tick;
}
