// The endpoint both sides of the invocation benchmark call: a small JSON answer, no I/O, so the difference measured
// is the sidecars' and not the app's.
import { createServer } from 'node:http';

const body = JSON.stringify({ id: 'bench', sku: 'BENCH-1', name: 'Benchmark product', priceCents: 1299, currency: 'USD' });
createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end('{"status":"ok"}');
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.APP_PORT), '127.0.0.1');
