import { memo } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { Marker } from '../../analyzer/types.ts';
import { MARKER_COLORS, type ChartData, type SeriesPoint } from '../charts/chart-data.ts';
import { fmtClock } from '../format.ts';

const HEIGHT = 170;

interface ChartFrameProps {
  id: string;
  title: string;
  data: ChartData;
  rows: number;
  children: React.ReactNode;
}

/** Markers (stalls, switches, settings, errors) drawn on every chart at the same instants. */
function markerLines(markers: Marker[]) {
  return markers.map((m, i) => (
    <ReferenceLine key={`${m.timeMs}-${i}`} x={m.timeMs} yAxisId="y" stroke={MARKER_COLORS[m.kind]} strokeDasharray={m.kind === 'settings' ? '4 2' : undefined} ifOverflow="hidden" />
  ));
}

function ChartFrame({ id, title, data, rows, children }: ChartFrameProps) {
  return (
    <section className="chart" data-testid={`chart-${id}`} data-points={rows}>
      <h3>{title}</h3>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <ComposedChart margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#1e293b" />
          <XAxis dataKey="t" type="number" domain={[data.fromT, data.toT]} allowDataOverflow tickFormatter={fmtClock} stroke="#64748b" fontSize={11} />
          {children}
          {markerLines(data.markers)}
          <Tooltip labelFormatter={(t) => fmtClock(Number(t))} contentStyle={{ background: '#0f172a', border: '1px solid #334155' }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
        </ComposedChart>
      </ResponsiveContainer>
    </section>
  );
}

const line = (data: SeriesPoint[], key: string, name: string, color: string, yAxisId = 'y', type: 'linear' | 'stepAfter' = 'linear') => (
  <Line data={data} dataKey={key} name={name} stroke={color} dot={false} isAnimationActive={false} connectNulls={false} yAxisId={yAxisId} type={type} strokeWidth={1.5} />
);

/** One component of the latency breakdown, stacked on the others (capture at the bottom, display on top). */
const area = (data: SeriesPoint[], key: string, name: string, color: string) => (
  <Area data={data} dataKey={key} name={name} stackId="breakdown" stroke={color} fill={color} fillOpacity={0.45} isAnimationActive={false} yAxisId="y" type="linear" dot={false} />
);

/** All charts share one wall-clock x axis (the origin's clock) and the same markers. */
export const Charts = memo(function Charts({ data }: { data: ChartData }) {
  const ms = (v: number) => `${Math.round(v)}`;
  return (
    <div className="charts">
      <ChartFrame id="latency" title="Latency (ms)" data={data} rows={data.latency.length}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} tickFormatter={ms} width={48} />
        {line(data.latency, 'g2gMax', 'glass-to-glass max', '#164e63')}
        {line(data.latency, 'g2g', 'glass-to-glass', '#22d3ee')}
        {line(data.latency, 'engine', 'engine', '#f59e0b')}
        {line(data.latency, 'target', 'target', '#a3e635')}
      </ChartFrame>
      <ChartFrame id="breakdown" title="Latency breakdown (ms): where the time goes" data={data} rows={data.breakdown.length}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} tickFormatter={ms} width={48} />
        {area(data.breakdown, 'encode', 'encode + package', '#f97316')}
        {area(data.breakdown, 'delivery', 'delivery', '#a78bfa')}
        {area(data.breakdown, 'buffer', 'player buffer', '#34d399')}
        {line(data.breakdown, 'g2g', 'glass-to-glass', '#22d3ee')}
      </ChartFrame>
      <ChartFrame id="buffer" title="Forward buffer (s)" data={data} rows={data.buffer.length}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={48} />
        {line(data.buffer, 'buffer', 'buffer', '#34d399')}
      </ChartFrame>
      <ChartFrame id="rendition" title="Rendition (height)" data={data} rows={data.rendition.length}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={48} domain={[0, 'auto']} />
        {line(data.rendition, 'height', 'height', '#c084fc', 'y', 'stepAfter')}
      </ChartFrame>
      <ChartFrame id="fetch" title="Fetch times (ms): time to first byte and download" data={data} rows={data.requests.part.length + data.requests.segment.length + data.requests.playlist.length}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={48} tickFormatter={ms} />
        <Scatter data={data.requests.part} dataKey="ttfb" name="part ttfb" fill="#38bdf8" yAxisId="y" isAnimationActive={false} shape="circle" />
        <Scatter data={data.requests.part} dataKey="download" name="part download" fill="#0ea5e9" yAxisId="y" isAnimationActive={false} shape="cross" />
        <Scatter data={data.requests.segment} dataKey="ttfb" name="segment ttfb" fill="#f472b6" yAxisId="y" isAnimationActive={false} shape="circle" />
        <Scatter data={data.requests.segment} dataKey="download" name="segment download" fill="#db2777" yAxisId="y" isAnimationActive={false} shape="cross" />
        <Scatter data={data.requests.playlist} dataKey="total" name="playlist (incl. blocking)" fill="#94a3b8" yAxisId="y" isAnimationActive={false} shape="triangle" />
      </ChartFrame>
      <ChartFrame id="throughput" title="Bandwidth (bps): estimate vs measured" data={data} rows={data.throughput.length}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={56} tickFormatter={(v: number) => `${Math.round(v / 1000)}k`} />
        {line(data.throughput, 'estimate', 'engine estimate', '#fbbf24')}
        {line(data.throughput, 'link', 'emulated link', '#f87171', 'y', 'stepAfter')}
        <Scatter data={data.throughput.filter((p) => Number.isFinite(p.measured))} dataKey="measured" name="measured" fill="#4ade80" yAxisId="y" isAnimationActive={false} shape="circle" />
      </ChartFrame>
      <ChartFrame id="rate" title="Playback rate" data={data} rows={data.playbackRate.length}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={48} domain={[0.9, 'auto']} />
        {line(data.playbackRate, 'rate', 'playback rate', '#e879f9')}
      </ChartFrame>
    </div>
  );
});
