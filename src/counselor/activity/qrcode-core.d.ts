/** The qrcode package's encoder alone (no canvas, PNG or SVG renderers): a matrix of modules. */
declare module 'qrcode/lib/core/qrcode' {
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): { modules: { size: number; data: Uint8Array } };
}
