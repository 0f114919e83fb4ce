// The ffmpeg filter graph that burns GTC1 (docs/timecode.md) into a video: pure string building,
// no ffmpeg run here. Used by `glassmeter burn`; docs/timecode.md prints the same graph for a
// fixed height, for shells without Node.

/**
 * ffmpeg `geq` expression drawing GTC1 at one pixel per cell into a 30x4 image (one cell of quiet
 * zone around the 28x2 cells). T is the frame's timestamp in seconds; capture time =
 * baseMs + round(T * 1000). The CRC is computed bit by bit in registers 3..5, so geq must run
 * single-threaded (ffmpeg 4.1 shares the st()/ld() registers between slice threads).
 */
export function gtc1GeqExpression(baseMs: number): string {
  if (!Number.isSafeInteger(baseMs)) throw new RangeError(`baseMs must be an integer, got ${baseMs}`);
  return [
    'st(0,X-1)', // cell index i
    'st(1,Y-1)', // row r
    `st(2,mod(${baseMs}+round(T*1000),4294967296))`, // T mod 2^32
    'st(3,65535)', // crc
    'st(4,31)', // bit of T being fed, MSB first
    'while(gte(ld(4),0),' +
      'st(5,mod(floor(ld(3)/32768)+mod(floor(ld(2)/pow(2,ld(4))),2),2));' +
      'st(3,mod(ld(3)*2,65536));' +
      'st(3,ld(3)+ld(5)*(4129-2*bitand(ld(3),4129)));' + // crc ^= 0x1021 without bitxor
      'st(4,ld(4)-1))',
    'st(6,49-24*ld(1)-ld(0))', // position in the 48-bit word
    'st(7,if(gte(ld(6),16),mod(floor(ld(2)/pow(2,ld(6)-16)),2),mod(floor(ld(3)/pow(2,ld(6))),2)))',
    'if(between(ld(0),0,27)*between(ld(1),0,1),' +
      'if(eq(ld(0),0)+eq(ld(0),27),16,if(eq(ld(0),1)+eq(ld(0),26),235,16+219*ld(7))),128)',
  ].join(';');
}

/** The cell size gtc1Geometry gives for a frame height, as an ffmpeg expression of `h`. */
const cellOf = (h: string) => `max(4,round(${h}/24))`;

/**
 * A -filter_complex chain that burns GTC1 into `input` (a pad label such as `[0:v]`) and labels
 * the result `[v]` (yuv420p), at any frame size, found by ffmpeg per stream (so a live input of
 * unknown size needs no probe, and a mid-stream size change is followed). The 30x4 code image is
 * scaled by the cell size with nearest-neighbour (scale2ref: cell = max(4, round(h/24)) of the
 * video), cropped to the quiet zone and overlaid at (floor(c/2), floor(c/2)) in yuv444, because in
 * yuv420 ffmpeg rounds odd overlay positions down to even ones. A frame narrower than 30 cells
 * gets a clipped code (the reader then fails; gtc1Geometry says when).
 */
export function gtc1FfmpegFilter(input: string, baseMs: number): string {
  const c = cellOf('ih'); // in scale2ref, iw/ih are the reference's (the video's) size
  return (
    `${input}split[gtc_main][gtc_t];` +
    `[gtc_t]scale=30:4,format=yuv444p,geq=threads=1:lum='${gtc1GeqExpression(baseMs)}':cb=128:cr=128[gtc_code];` +
    `[gtc_code][gtc_main]scale2ref=w='30*${c}':h='4*${c}':flags=neighbor[gtc_big][gtc_ref];` +
    // in_h is 4 cells here, overlay_h 3 cells: floor(in_h/8) = floor(overlay_h/6) = floor(c/2).
    `[gtc_big]crop=w='in_w*29/30':h='in_h*3/4':x='floor(in_h/8)':y='floor(in_h/8)'[gtc_strip];` +
    `[gtc_ref][gtc_strip]overlay=x='floor(overlay_h/6)':y='floor(overlay_h/6)':format=yuv444,format=yuv420p[v]`
  );
}
