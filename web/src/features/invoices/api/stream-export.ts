import { fetchFile, type RequestOptions } from '../../../lib/api-client.ts';

export interface ExportProgress {
  /** The rows the file will hold (the server's X-Row-Count), when it said so. */
  total: number | null;
  /** Data rows received so far (CSV only: an XLSX arrives zipped). */
  rows: number | null;
  bytes: number;
}

export interface ExportResult {
  blob: Blob;
  filename: string;
}

const NEWLINE = 0x0a;
const HASH = 0x23;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Counts the data rows of a CSV as it arrives: the `#` lines before the header (the caveat and the
 * data dictionary) and the header itself are not rows. Fed chunk by chunk; keeps its state.
 */
export function csvRowCounter(): (chunk: Uint8Array) => number {
  let lines = 0;
  let lineStart = true;
  let bomLeft = 3;
  let headerSeen = false;
  let comment = false;
  return (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (bomLeft > 0) {
        if (byte === BOM[3 - bomLeft]) {
          bomLeft--;
          continue;
        }
        bomLeft = 0;
      }
      if (lineStart) {
        lineStart = false;
        comment = !headerSeen && byte === HASH;
      }
      if (byte === NEWLINE) {
        if (!comment) {
          if (headerSeen) lines++;
          else headerSeen = true;
        }
        lineStart = true;
      }
    }
    return lines;
  };
}

function filenameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // a malformed name: the plain one, else the fallback
    }
  }
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
}

/**
 * A streamed export read piece by piece: the rows announced (`X-Row-Count`), the rows or bytes
 * received so far, and cancel through `signal`. Resolves with the whole file once it has arrived.
 */
export async function streamExport(
  path: string,
  query: RequestOptions['query'],
  options: { signal: AbortSignal; fallbackName: string; onProgress: (progress: ExportProgress) => void },
): Promise<ExportResult> {
  const response = await fetchFile(path, query, options.signal);
  const announced = Number(response.headers.get('x-row-count'));
  const total = Number.isFinite(announced) && response.headers.has('x-row-count') ? announced : null;
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  const countRows = type.includes('csv') ? csvRowCounter() : null;
  const filename = filenameOf(response, options.fallbackName);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  let rows: number | null = countRows ? 0 : null;
  options.onProgress({ total, rows, bytes });
  if (!response.body) {
    const blob = await response.blob();
    options.onProgress({ total, rows: total, bytes: blob.size });
    return { blob, filename };
  }
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.length;
    if (countRows) rows = countRows(value);
    options.onProgress({ total, rows, bytes });
  }
  return { blob: new Blob(parts, { type }), filename };
}

/** Saves a file the page holds through a temporary link. */
export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = href;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }
}
