// Draws a QR code on a canvas, offline, with the small `qr` library (imported only when a round
// link is shown: it is not part of the page's first load). Error correction "medium" (15 %), a
// quiet zone of 4 modules as the standard asks, whole pixels per module so phones read it.
import encodeQR from 'qr';

/** Draws `text` as a QR code on `canvas`; returns the number of modules per side (quiet zone aside). Throws when the text does not fit. */
export function drawQr(canvas: HTMLCanvasElement, text: string, pixelsPerModule = 6): number {
  // The matrix comes with its quiet zone (4 modules each side).
  const modules = encodeQR(text, 'raw', { ecc: 'medium', border: 4 });
  const n = modules.length;
  const size = n * pixelsPerModule;
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.fillStyle = '#000';
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++)
      if (modules[y]![x]) ctx.fillRect(x * pixelsPerModule, y * pixelsPerModule, pixelsPerModule, pixelsPerModule);
  return n - 8;
}
