import { Fragment, memo, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { NameType, ValueType } from 'recharts/types/component/DefaultTooltipContent';
import type { Marker } from '../../analyzer/types.ts';
import { BREAKDOWN_PARTS } from '../charts/breakdown-bars.ts';
import { chartDelayMs } from '../charts/redraw-budget.ts';
import { MARKER_COLORS, type ChartData, type SeriesPoint } from '../charts/chart-data.ts';
import { fmtClock } from '../format.ts';
import { RedrawCostContext } from './redraw-cost.ts';

const HEIGHT = 170;

interface ChartFrameProps {
  id: string;
  title: string;
  data: ChartData;
  rows: number;
  children: React.ReactNode;
  /** A tooltip of its own (the fetch chart's says where a request was served from); the default lists the series. */
  tooltip?: (props: TooltipContentProps<ValueType, NameType>) => React.ReactNode;
}

/** Markers (stalls, switches, settings, errors) drawn on every chart at the same instants. */
function markerLines(markers: Marker[]) {
  return markers.map((m, i) => (
    <ReferenceLine key={`${m.timeMs}-${i}`} x={m.timeMs} yAxisId="y" stroke={MARKER_COLORS[m.kind]} strokeDasharray={m.kind === 'settings' ? '4 2' : undefined} ifOverflow="hidden" />
  ));
}

const TOOLTIP_STYLE = { background: '#0f172a', border: '1px solid #334155' };

/**
 * A chart that takes new props in its own slot after the redraw began (chartDelayMs), so each
 * chart draws in a task of its own; until then it returns the element it drew last, and React
 * leaves that subtree alone.
 */
function ChartFrame(props: ChartFrameProps) {
  const [shown, setShown] = useState(props);
  const sink = useContext(RedrawCostContext);
  const drawStarted = useRef(Number.NaN);
  useEffect(() => {
    if (shown === props) return;
    const id = setTimeout(() => {
      drawStarted.current = performance.now();
      setShown(props);
    }, chartDelayMs(props.id));
    return () => clearTimeout(id);
  }, [props, shown]);
  useEffect(() => {
    // The task after the commit and the library's own effects ends this chart's redraw.
    const id = setTimeout(() => {
      if (Number.isFinite(drawStarted.current)) sink?.report(shown.id, performance.now() - drawStarted.current);
    }, 0);
    return () => clearTimeout(id);
  }, [shown, sink]);
  return useMemo(() => <ChartBody {...shown} />, [shown]);
}

function ChartBody({ id, title, data, rows, children, tooltip }: ChartFrameProps) {
  return (
    <section className="chart" data-testid={`chart-${id}`} data-points={rows}>
      <h3>{title}</h3>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <ComposedChart margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#1e293b" />
          <XAxis dataKey="t" type="number" domain={[data.fromT, data.toT]} allowDataOverflow tickFormatter={fmtClock} stroke="#64748b" fontSize={11} />
          {children}
          {markerLines(data.markers)}
          {tooltip ? <Tooltip content={tooltip} /> : <Tooltip labelFormatter={(t) => fmtClock(Number(t))} contentStyle={TOOLTIP_STYLE} />}
          <Legend wrapperStyle={{ fontSize: 11 }} />
        </ComposedChart>
      </ResponsiveContainer>
    </section>
  );
}

const line = (data: SeriesPoint[], key: string, name: string, color: string, yAxisId = 'y', type: 'linear' | 'stepAfter' = 'linear', dash?: string) => (
  <Line key={name} data={data} dataKey={key} name={name} stroke={color} strokeDasharray={dash} dot={false} isAnimationActive={false} connectNulls={false} yAxisId={yAxisId} type={type} strokeWidth={1.5} />
);

/** One component of the latency breakdown, stacked on the others (capture at the bottom, display on top). */
const area = (data: SeriesPoint[], key: string, name: string, color: string) => (
  <Area data={data} dataKey={key} name={name} stackId="breakdown" stroke={color} fill={color} fillOpacity={0.45} isAnimationActive={false} yAxisId="y" type="linear" dot={false} />
);

/** A request dot: its start, time, and, through a CDN edge, the response's Age. */
function FetchTooltip({ active, payload }: TooltipContentProps<ValueType, NameType>) {
  const items = (payload ?? []).filter((item) => item.dataKey !== 't');
  const point = items[0]?.payload as SeriesPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip" style={{ ...TOOLTIP_STYLE, padding: '4px 8px', fontSize: 12 }}>
      <div>{fmtClock(point.t)}</div>
      {items.map((item) => (
        <div key={String(item.name)} style={{ color: item.color }}>
          {item.name}: {Math.round(Number(item.value))} ms
        </div>
      ))}
      {Number.isFinite(point.age) && <div>Age {point.age} s</div>}
    </div>
  );
}

/** Rings around the requests that came through a CDN edge, coloured by where the edge found them. */
const edgeDots = (data: ChartData) =>
  data.edge.hit.length + data.edge.coalesced.length + data.edge.miss.length === 0
    ? null
    : [
        <Scatter key="hit" data={data.edge.hit} dataKey="total" name="edge hit (cached)" fill="none" stroke="#4ade80" yAxisId="y" isAnimationActive={false} shape="circle" />,
        <Scatter key="coalesced" data={data.edge.coalesced} dataKey="total" name="edge coalesced (waited on one origin fetch)" fill="none" stroke="#facc15" yAxisId="y" isAnimationActive={false} shape="circle" />,
        <Scatter key="miss" data={data.edge.miss} dataKey="total" name="edge miss (from the origin)" fill="none" stroke="#f87171" yAxisId="y" isAnimationActive={false} shape="circle" />,
      ];

/** One player's chart data in the compare view, with the colour and label of all its series. */
export interface PlayerChartData {
  label: string;
  color: string;
  data: ChartData;
}

/** Charts of one player (the page as it always was) or every player overlaid, one colour each. */
export const Charts = memo(function Charts({ players }: { players: readonly PlayerChartData[] }) {
  if (players.length === 1) return <SingleCharts data={players[0]!.data} />;
  return <OverlaidCharts players={players} />;
});

/** Every player on the same axes: glass-to-glass solid, the engine's own estimate dashed. */
function OverlaidCharts({ players }: { players: readonly PlayerChartData[] }) {
  const ms = (v: number) => `${Math.round(v)}`;
  const first = players[0]!.data;
  const frame: ChartData = { ...first, markers: players.flatMap((p) => p.data.markers) };
  const rows = (pick: (d: ChartData) => number) => players.reduce((n, p) => n + pick(p.data), 0);
  const each = (render: (p: PlayerChartData) => React.ReactNode) => players.map((p) => <Fragment key={p.label}>{render(p)}</Fragment>);
  return (
    <div className="charts" data-players={players.length}>
      <ChartFrame id="latency" title="Latency (ms): glass-to-glass solid, engine dashed" data={frame} rows={rows((d) => d.latency.length)}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} tickFormatter={ms} width={48} />
        {each((p) => [line(p.data.latency, 'g2g', `${p.label} glass-to-glass`, p.color), line(p.data.latency, 'engine', `${p.label} engine`, p.color, 'y', 'linear', '4 3')])}
      </ChartFrame>
      <ChartFrame id="breakdown" title="Latency breakdown (ms): delivery solid, player buffer dashed" data={frame} rows={rows((d) => d.breakdown.length)}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} tickFormatter={ms} width={48} />
        {each((p) => [line(p.data.breakdown, 'delivery', `${p.label} delivery`, p.color), line(p.data.breakdown, 'buffer', `${p.label} buffer`, p.color, 'y', 'linear', '4 3')])}
      </ChartFrame>
      <ChartFrame id="buffer" title="Forward buffer (s)" data={frame} rows={rows((d) => d.buffer.length)}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={48} />
        {each((p) => line(p.data.buffer, 'buffer', p.label, p.color))}
      </ChartFrame>
      <ChartFrame id="rendition" title="Rendition (height)" data={frame} rows={rows((d) => d.rendition.length)}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={48} domain={[0, 'auto']} />
        {each((p) => line(p.data.rendition, 'height', p.label, p.color, 'y', 'stepAfter'))}
      </ChartFrame>
      <ChartFrame id="fetch" title="Fetch times (ms): parts/segments download, playlists total" data={frame} rows={rows((d) => d.requests.part.length + d.requests.segment.length + d.requests.playlist.length)}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={48} tickFormatter={ms} />
        {each((p) => [
          <Scatter key="m" data={[...p.data.requests.part, ...p.data.requests.segment]} dataKey="download" name={`${p.label} download`} fill={p.color} yAxisId="y" isAnimationActive={false} shape="cross" />,
          <Scatter key="p" data={p.data.requests.playlist} dataKey="total" name={`${p.label} playlist`} fill={p.color} yAxisId="y" isAnimationActive={false} shape="triangle" />,
        ])}
      </ChartFrame>
      <ChartFrame id="throughput" title="Bandwidth (bps): estimate solid, measured dots" data={frame} rows={rows((d) => d.throughput.length)}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={56} tickFormatter={(v: number) => `${Math.round(v / 1000)}k`} />
        {each((p) => [
          line(p.data.throughput, 'estimate', `${p.label} estimate`, p.color),
          line(p.data.throughput, 'link', `${p.label} link`, p.color, 'y', 'stepAfter', '2 4'),
          <Scatter key="m" data={p.data.throughput.filter((pt) => Number.isFinite(pt.measured))} dataKey="measured" name={`${p.label} measured`} fill={p.color} yAxisId="y" isAnimationActive={false} shape="circle" />,
        ])}
      </ChartFrame>
      <ChartFrame id="rate" title="Playback rate" data={frame} rows={rows((d) => d.playbackRate.length)}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={48} domain={[0.9, 'auto']} />
        {each((p) => line(p.data.playbackRate, 'rate', p.label, p.color))}
      </ChartFrame>
    </div>
  );
}

function SingleCharts({ data }: { data: ChartData }) {
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
        {area(data.breakdown, 'encode', BREAKDOWN_PARTS.encode.label, BREAKDOWN_PARTS.encode.color)}
        {area(data.breakdown, 'delivery', BREAKDOWN_PARTS.delivery.label, BREAKDOWN_PARTS.delivery.color)}
        {area(data.breakdown, 'buffer', BREAKDOWN_PARTS.buffer.label, BREAKDOWN_PARTS.buffer.color)}
        {line(data.breakdown, 'g2g', 'glass-to-glass', '#22d3ee')}
      </ChartFrame>
      <ChartFrame id="av-offset" title="A/V offset (ms): beep played − flash shown, + = audio late" data={data} rows={data.avOffset.length}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} tickFormatter={ms} width={48} />
        <ReferenceLine y={0} yAxisId="y" stroke="#475569" />
        {line(data.avOffset, 'offset', 'A/V offset', '#fb7185')}
      </ChartFrame>
      <ChartFrame id="buffer" title="Forward buffer (s)" data={data} rows={data.buffer.length}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={48} />
        {line(data.buffer, 'buffer', 'buffer', '#34d399')}
      </ChartFrame>
      <ChartFrame id="rendition" title="Rendition (height)" data={data} rows={data.rendition.length}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={48} domain={[0, 'auto']} />
        {line(data.rendition, 'height', 'height', '#c084fc', 'y', 'stepAfter')}
      </ChartFrame>
      <ChartFrame id="fetch" title="Fetch times (ms): time to first byte and download; through an edge, rings by cache status" data={data} rows={data.requests.part.length + data.requests.segment.length + data.requests.playlist.length} tooltip={FetchTooltip}>
        <YAxis yAxisId="y" stroke="#64748b" fontSize={11} width={48} tickFormatter={ms} />
        <Scatter data={data.requests.part} dataKey="ttfb" name="part ttfb" fill="#38bdf8" yAxisId="y" isAnimationActive={false} shape="circle" />
        <Scatter data={data.requests.part} dataKey="download" name="part download" fill="#0ea5e9" yAxisId="y" isAnimationActive={false} shape="cross" />
        <Scatter data={data.requests.segment} dataKey="ttfb" name="segment ttfb" fill="#f472b6" yAxisId="y" isAnimationActive={false} shape="circle" />
        <Scatter data={data.requests.segment} dataKey="download" name="segment download" fill="#db2777" yAxisId="y" isAnimationActive={false} shape="cross" />
        <Scatter data={data.requests.playlist} dataKey="total" name="playlist (incl. blocking)" fill="#94a3b8" yAxisId="y" isAnimationActive={false} shape="triangle" />
        {edgeDots(data)}
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
}
