import { createContext } from 'react';

/**
 * Where each chart reports what its last redraw cost (ms: render, commit and the chart
 * library's effects): the live charts add them up to keep all redraws within their budget.
 */
export interface RedrawCostSink {
  report(chartId: string, ms: number): void;
}

export const RedrawCostContext = createContext<RedrawCostSink | null>(null);
