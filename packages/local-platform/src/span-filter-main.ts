import { startSpanFilterServer } from './span-filter';

/** `node dist/span-filter-main.js` with SPAN_FILTER_PORT and SPAN_FILTER_UPSTREAM: the process the platform starts. */
async function main(): Promise<void> {
  const port = Number(process.env.SPAN_FILTER_PORT);
  const upstream = process.env.SPAN_FILTER_UPSTREAM ?? '';
  if (!Number.isInteger(port) || port < 1 || port > 65535 || !/^https?:\/\//.test(upstream)) {
    process.stderr.write('span-filter: SPAN_FILTER_PORT must be a port and SPAN_FILTER_UPSTREAM a Zipkin collector URL\n');
    process.exit(1);
  }
  const server = await startSpanFilterServer({ port, upstream });
  process.stdout.write(`span-filter: 127.0.0.1:${server.port}/api/v2/spans → ${upstream}\n`);
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`span-filter: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
