export { crc16CcittFalse } from './crc16.ts';
export {
  GTC1_CELLS_PER_ROW,
  GTC1_ROWS,
  GTC1_MIN_CONTRAST,
  GTC1_MIN_MARGIN,
  Y_WHITE,
  Y_BLACK,
  Y_QUIET,
  gtc1Geometry,
  encodeGtc1Bits,
  writeGtc1,
  unwrapGtc1,
} from './gtc1.ts';
export {
  gtc1DefaultPlacement,
  gtc1PlacementRect,
  gtc1ReadRect,
  readGtc1,
  readGtc1At,
  readGtc1FromYPlane,
  readGtc1FromRgba,
  yPlaneRegion,
} from './gtc1-read.ts';
export type { Gtc1Placement } from './gtc1-read.ts';
export type { Gtc1Geometry, Gtc1Rect, Gtc1Bits, LumaRegion, Gtc1FailReason, Gtc1Read } from './gtc1.ts';
export { locateGtc1, MIN_CELL_PX, MIN_SEARCH_AREA } from './locate.ts';
export type { Gtc1Found } from './locate.ts';
