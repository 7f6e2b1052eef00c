import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { crlf } from './export-stream.ts';

/** COPY's CSV (LF line ends) in the given chunks, through the CRLF transform. */
const through = (chunks: string[]) => text(Readable.from(chunks.map((c) => Buffer.from(c))).pipe(crlf()));

describe('crlf: the ends of records become CRLF, a cell keeps its own line breaks', () => {
  it('changes the record ends only', async () => {
    expect(await through(['a;b\n1;2\n'])).toBe('a;b\r\n1;2\r\n');
  });

  it('keeps a line break inside a quoted cell, with doubled quotes around it, also across chunks', async () => {
    const csv = 'id;destination\n1;"\n=1+1"\n2;"say ""hi""\nthere"\n3;x\n';
    const expected = 'id;destination\r\n1;"\n=1+1"\r\n2;"say ""hi""\nthere"\r\n3;x\r\n';
    expect(await through([csv])).toBe(expected);
    // Split inside the quoted cells: the state carries over from one chunk to the next.
    expect(await through([csv.slice(0, 17), csv.slice(17, 31), csv.slice(31)])).toBe(expected);
  });
});
