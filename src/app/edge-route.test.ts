import { describe, expect, it } from 'vitest';
import { edgeOrigin, isViaEdge, routeDirect, routeViaEdge } from './edge-route.ts';

const page = 'http://glass.example:8080';
const edge = 'http://glass.example:8081';

describe('via edge', () => {
  it('puts the edge on the page host, at the port the origin told', () => {
    expect(edgeOrigin(page, 8081)).toBe(edge);
    expect(edgeOrigin('https://[::1]:8443', 9000)).toBe('https://[::1]:9000');
    for (const bad of [0, -1, 70000, 1.5, NaN]) expect(edgeOrigin(page, bad)).toBeNull();
  });

  it('moves the origin streams (plain, with URL options, relative or absolute) onto the edge and back', () => {
    for (const src of ['/live/ll200/master.m3u8', '/o/net=cascade,sid=ab/live/dash-ll/manifest.mpd', '/live/ll200/360p.m3u8?x=1']) {
      const via = routeViaEdge(src, page, edge)!;
      expect(via).toBe(`${edge}${src}`);
      expect(isViaEdge(via, page, edge)).toBe(true);
      expect(isViaEdge(src, page, edge)).toBe(false);
      expect(routeDirect(via, page, edge)).toBe(src);
      expect(routeViaEdge(via, page, edge)).toBe(via);
    }
    expect(routeViaEdge(`${page}/live/ll200/master.m3u8`, page, edge)).toBe(`${edge}/live/ll200/master.m3u8`);
  });

  it('leaves other streams alone', () => {
    for (const src of ['https://cdn.example/live/a.m3u8', '/clock', '/', 'http://[bad', `${edge}/metrics`]) {
      expect(routeViaEdge(src, page, edge)).toBeNull();
      expect(routeDirect(src, page, edge)).toBe(src);
      expect(isViaEdge(src, page, edge)).toBe(false);
    }
  });
});
