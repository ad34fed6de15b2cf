/**
 * The playground's snapshot: a still picture of the trainer, drawn in the kernel, that the notebook keeps where
 * the live trainer cannot run (a notebook opened without running it, an untrusted one, a frontend that runs no
 * scripts). One PNG image: the decision map ŷ over the plane with the points, as the page draws it (the same
 * colours, `mapColor` and `POINT_COLORS`), encoded here with node:zlib (PNG is deflate-compressed rows).
 */
import { deflateSync } from "node:zlib";
import { mapColor, POINT_COLORS } from "./playground-options";
import type { PlaygroundSession } from "./playground-session";

/** An RGB raster, row-major from the top-left. */
interface Raster {
  width: number;
  height: number;
  rgb: Uint8Array;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of bytes (PNG's chunk checksum). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A raster as PNG bytes (8-bit RGB, no interlace, filter 0 on every row). */
export function encodePng(r: Raster): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(r.width, 0);
  header.writeUInt32BE(r.height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB)
  const rows = Buffer.alloc((3 * r.width + 1) * r.height);
  for (let y = 0; y < r.height; y++)
    Buffer.from(r.rgb.buffer, r.rgb.byteOffset + 3 * r.width * y, 3 * r.width).copy(
      rows,
      (3 * r.width + 1) * y + 1,
    );
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

function hex(color: string): [number, number, number] {
  const n = parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * The session's decision map as a `size`×`size` raster: ŷ on a grid of `steps` (nearest cell per pixel), the
 * boundary ŷ = 0.5 darkened, the training points as discs in their class's colour with a white rim and the
 * test points with a black rim (as the page draws them).
 */
export function snapshotRaster(session: PlaygroundSession, size = 240, steps = 60): Raster {
  const { A } = session.planeMaps(steps);
  const yHat = A[A.length - 1]!.data;
  const rgb = new Uint8Array(size * size * 3);
  const cell = (px: number) => Math.min(steps - 1, Math.floor((px / size) * steps));
  for (let py = 0; py < size; py++) {
    const r = steps - 1 - cell(py); // row 0 of the grid is the bottom (lowest x₂)
    for (let px = 0; px < size; px++) {
      const p = yHat[r * steps + cell(px)] as number;
      const [cr, cg, cb] = mapColor(p);
      rgb.set([cr, cg, cb], 3 * (py * size + px));
    }
  }
  const [x0, x1] = session.xRange;
  const [y0, y1] = session.yRange;
  const disc = (X: { data: Float64Array; cols: number }, labels: Float64Array, rim: number) => {
    const m = X.cols;
    for (let j = 0; j < m; j++) {
      const cx = (((X.data[j] as number) - x0) / (x1 - x0)) * size;
      const cy = (1 - ((X.data[m + j] as number) - y0) / (y1 - y0)) * size;
      const fill = hex(POINT_COLORS[labels[j] === 1 ? 1 : 0]);
      for (let dy = -4; dy <= 4; dy++)
        for (let dx = -4; dx <= 4; dx++) {
          const d2 = dx * dx + dy * dy;
          const x = Math.round(cx) + dx;
          const y = Math.round(cy) + dy;
          if (d2 > 12 || x < 0 || y < 0 || x >= size || y >= size) continue;
          rgb.set(d2 > 6 ? [rim, rim, rim] : fill, 3 * (y * size + x));
        }
    }
  };
  disc(session.XTrain, session.yTrain.data, 255);
  disc(session.XTest, session.yTest.data, 0);
  return { width: size, height: size, rgb };
}

/** The snapshot as a data: URL (a PNG in base64), ready for an <img src>. */
export function snapshotDataUrl(session: PlaygroundSession, size = 240): string {
  return `data:image/png;base64,${encodePng(snapshotRaster(session, size)).toString("base64")}`;
}
