// A subscriber app for integration tests: it subscribes through its own daprd to the topics in PROBE_TOPICS and keeps
// what arrives, so a test can assert that an event crossed the real broker. Dependency-free on purpose.
import { createServer } from 'node:http';

const port = Number(process.env.APP_PORT);
const topics = (process.env.PROBE_TOPICS ?? '').split(',').filter(Boolean);
const received = [];

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://probe');
  if (req.method === 'GET' && (url.pathname === '/healthz' || url.pathname === '/readyz')) return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && url.pathname === '/dapr/subscribe') {
    return send(res, 200, topics.map((topic) => ({ pubsubname: 'pubsub', topic, route: `/events/${topic}` })));
  }
  if (req.method === 'POST' && url.pathname.startsWith('/events/')) {
    let body = '';
    for await (const chunk of req) body += chunk;
    // The subscription it came through: a dead-lettered event keeps its original `topic` attribute.
    const receivedOn = decodeURIComponent(url.pathname.slice('/events/'.length));
    received.push({ receivedOn, headers: { 'content-type': req.headers['content-type'] }, event: JSON.parse(body) });
    return send(res, 200, { status: 'SUCCESS' });
  }
  if (req.method === 'GET' && url.pathname === '/received') {
    const type = url.searchParams.get('type');
    return send(res, 200, received.filter((r) => !type || r.event.type === type));
  }
  send(res, 404, { error: 'not found' });
}).listen(port, '127.0.0.1');
