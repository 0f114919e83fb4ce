/**
 * docs/benchmarks.md is a list of sections, each between `<!-- bench:NAME -->` and
 * `<!-- /bench:NAME -->` and each saying which command measured it and when. A full run writes
 * every section; `--only a,b` replaces just those sections, so one section can be re-measured
 * without re-running the 40-minute suite, and the page still says where each number came from.
 * Text outside the sections (the hand-written "Presets from data" sweeps) is kept by every run.
 */
export type Section = { name: string; lines: string[] };

const open = (name: string) => `<!-- bench:${name} -->`;
const close = (name: string) => `<!-- /bench:${name} -->`;

export function sectionBlock(s: Section): string {
  return [open(s.name), ...s.lines, close(s.name)].join('\n');
}

/** The whole page: a preamble, then every section in order. */
export function renderPage(preamble: string[], sections: Section[]): string {
  return [...preamble, '', ...sections.map((s) => sectionBlock(s) + '\n')].join('\n');
}

/**
 * Replace each given section of an existing page in place; a section the page does not have yet
 * goes at the end. Everything else in the page stays byte for byte.
 */
export function mergeSections(existing: string, sections: Section[]): string {
  let page = existing;
  for (const s of sections) {
    const start = page.indexOf(open(s.name));
    const endMarker = close(s.name);
    const end = start < 0 ? -1 : page.indexOf(endMarker, start);
    if (start >= 0 && end >= 0) {
      page = page.slice(0, start) + sectionBlock(s) + page.slice(end + endMarker.length);
    } else {
      page = page.replace(/\n*$/, '\n\n') + sectionBlock(s) + '\n';
    }
  }
  return page;
}
