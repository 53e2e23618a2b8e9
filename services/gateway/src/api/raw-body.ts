import type { IncomingMessage } from 'node:http';
import { AppError } from '@shop/service-kit';

/** Reads a request body as bytes, refusing (413) as soon as it passes the limit instead of buffering it all. */
export async function readRawBody(request: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks);
}

const tooLarge = (limitBytes: number) => new AppError('payload-too-large', `the request body exceeds ${Math.round(limitBytes / 1024)} KiB`);
