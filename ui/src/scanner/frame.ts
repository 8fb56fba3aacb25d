/**
 * Camera frames as the Rust decoder reads them: one byte of brightness a
 * pixel, row by row, downscaled so the longer side is at most 1280 pixels
 * and the shorter at most 720 (a QR code held in front of a tablet stays
 * readable, and a frame is at most 0.9 MB).
 */

export type LumaFrame = { width: number; height: number; pixels: Uint8Array };

export const MAX_LONG_SIDE = 1280;
export const MAX_SHORT_SIDE = 720;

/** The size to draw a `width × height` picture at: never larger, aspect kept. */
export function fitFrame(width: number, height: number): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: 0, height: 0 };
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const scale = Math.min(1, MAX_LONG_SIDE / long, MAX_SHORT_SIDE / short);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Brightness (ITU-R BT.601 weights) of RGBA pixels. */
export function toLuma(rgba: Uint8ClampedArray, width: number, height: number): LumaFrame {
  const pixels = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < pixels.length; i++, p += 4) {
    pixels[i] = (rgba[p]! * 299 + rgba[p + 1]! * 587 + rgba[p + 2]! * 114 + 500) / 1000;
  }
  return { width, height, pixels };
}

/** The video's current picture as a frame, or null while it has none yet. */
export function grabFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement): LumaFrame | null {
  const { width, height } = fitFrame(video.videoWidth, video.videoHeight);
  if (width === 0) return null;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(video, 0, 0, width, height);
  return toLuma(context.getImageData(0, 0, width, height).data, width, height);
}
