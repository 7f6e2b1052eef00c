import { inflateSync } from 'node:zlib';

/** The text a PDF of the standard fonts shows: every (deflated) content stream's hex and literal strings, concatenated per text array. */
export function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index! + match[0].length;
    const end = raw.indexOf('endstream', start);
    const body = pdf.subarray(start, end);
    let text: string;
    try {
      text = inflateSync(body).toString('latin1');
    } catch {
      text = body.toString('latin1');
    }
    for (const array of text.matchAll(/\[(.*?)\]\s*TJ/g)) {
      out.push([...array[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''));
    }
  }
  return out.join('\n').replace(/[\x80\x85\x92\x96]/g, (c) => WIN_ANSI[c]!);
}

/** The WinAnsi characters of the standard fonts that latin1 does not read (the rest are latin1's). */
const WIN_ANSI: Record<string, string> = { '\x80': '€', '\x85': '…', '\x92': '’', '\x96': '–' };
