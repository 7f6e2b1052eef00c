import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { ExportFile } from '@mandate/contracts/usage';
import type { Language } from '@mandate/domain/profiles';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, attachment } from './export-stream.ts';

/** The 200 answer of every streamed export, for the OpenAPI document. */
export const EXPORT_200 = {
  description: 'the file, streamed; header X-Row-Count: the number of data rows it holds (for a progress bar)',
  content: { [CSV_CONTENT_TYPE.split(';')[0]!]: { schema: ExportFile }, [XLSX_CONTENT_TYPE]: { schema: ExportFile } },
};

/** An export whose rows are counted and whose stream is ready to send. */
export interface ExportDownload {
  contentType: string;
  fileName: string;
  rowCount: number;
  stream: Readable;
}

/**
 * A prepared export as a download (the reply is untyped: its body is a stream, not the JSON of a
 * schema). Its human texts are in `language`, the one the route chose from the request's
 * Accept-Language (lib/language.ts): said in Content-Language, hence Vary.
 */
export function sendExport(reply: FastifyReply, prepared: ExportDownload, language: Language) {
  return reply
    .type(prepared.contentType)
    .header('content-disposition', attachment(prepared.fileName))
    .header('x-row-count', String(prepared.rowCount))
    .header('cache-control', 'no-store')
    .header('content-language', language)
    .header('vary', 'Accept-Language')
    .send(prepared.stream);
}
