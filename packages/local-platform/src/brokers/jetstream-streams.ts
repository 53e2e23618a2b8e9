import { randomBytes } from 'node:crypto';
import net from 'node:net';

/**
 * Dapr's `pubsub.jetstream` publishes into and consumes from streams but never creates them, so whoever runs NATS
 * must. One stream per topic, named after it (`order.confirmed` → `order_confirmed`): a durable consumer's name is
 * unique per stream, so with one stream per topic the component's `durableName: {appID}` becomes one durable consumer
 * per app and topic (a single stream holding every topic would give an app one durable for all its topics, which
 * JetStream refuses to bind to a second topic).
 */
export const jetStreamStreamName = (topic: string) => topic.replace(/[^A-Za-z0-9_-]/g, '_');

const NANOS_PER_SECOND = 1_000_000_000;

export interface JetStreamStreamSettings {
  /** How long an event stays readable (a consumer that was down catches up within this window). */
  maxAgeSeconds?: number;
  /** Dapr publishes with the CloudEvent id as Nats-Msg-Id: a resend within this window is stored once. */
  duplicateWindowSeconds?: number;
}

/** Creates (or updates to these settings) one file-backed stream per topic. Idempotent. */
export async function ensureJetStreamStreams(port: number, topics: string[], settings: JetStreamStreamSettings = {}): Promise<void> {
  const connection = await NatsRequester.connect(port);
  try {
    for (const topic of topics) {
      const name = jetStreamStreamName(topic);
      const config = {
        name,
        subjects: [topic],
        storage: 'file',
        retention: 'limits',
        discard: 'old',
        num_replicas: 1,
        max_age: (settings.maxAgeSeconds ?? 7 * 24 * 3600) * NANOS_PER_SECOND,
        duplicate_window: (settings.duplicateWindowSeconds ?? 120) * NANOS_PER_SECOND,
      };
      let answer = await connection.request(`$JS.API.STREAM.CREATE.${name}`, config);
      // 10058: the stream exists with other settings; bring it to these.
      if (answer.error?.err_code === 10058) answer = await connection.request(`$JS.API.STREAM.UPDATE.${name}`, config);
      if (answer.error) throw new Error(`jetstream stream ${name}: ${answer.error.description} (${answer.error.err_code})`);
    }
  } finally {
    connection.close();
  }
}

interface JetStreamAnswer {
  error?: { code: number; err_code: number; description: string };
}

/**
 * Just enough of the NATS client protocol for request/reply: CONNECT, one SUB on a private inbox, PUB with a reply
 * subject, and MSG frames back. The JetStream API is request/reply with JSON bodies, so this is all stream setup needs.
 */
class NatsRequester {
  private buffer = Buffer.alloc(0);
  private waiting: { subject: string; resolve: (answer: JetStreamAnswer) => void; reject: (error: Error) => void } | undefined;
  private sequence = 0;
  private readonly inbox = `_INBOX.shop.${randomBytes(8).toString('hex')}`;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', (error) => this.waiting?.reject(error));
    socket.on('close', () => this.waiting?.reject(new Error('nats closed the connection')));
  }

  static connect(port: number): Promise<NatsRequester> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.setTimeout(10_000, () => socket.destroy(new Error('nats did not answer within 10 s')));
      socket.once('error', reject);
      socket.once('data', (info) => {
        if (!info.toString('utf8').startsWith('INFO ')) return reject(new Error(`not a NATS server: ${info.toString('utf8', 0, 80)}`));
        socket.off('error', reject);
        const requester = new NatsRequester(socket);
        socket.write(`CONNECT {"verbose":false,"pedantic":false,"lang":"node","name":"shop-local-platform"}\r\nSUB ${requester.inbox}.* 1\r\n`);
        resolve(requester);
      });
    });
  }

  request(subject: string, body: unknown): Promise<JetStreamAnswer> {
    const reply = `${this.inbox}.${++this.sequence}`;
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      this.waiting = { subject: reply, resolve, reject };
      this.socket.write(`PUB ${subject} ${reply} ${payload.length}\r\n`);
      this.socket.write(Buffer.concat([payload, Buffer.from('\r\n')]));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end < 0) return;
      const line = this.buffer.toString('utf8', 0, end);
      if (line.startsWith('MSG ')) {
        // MSG <subject> <sid> [reply-to] <#bytes>
        const parts = line.split(' ');
        const size = Number(parts[parts.length - 1]);
        if (this.buffer.length < end + 2 + size + 2) return;
        const payload = this.buffer.toString('utf8', end + 2, end + 2 + size);
        this.buffer = this.buffer.subarray(end + 2 + size + 2);
        const waiting = this.waiting;
        if (waiting && waiting.subject === parts[1]) {
          this.waiting = undefined;
          waiting.resolve(JSON.parse(payload) as JetStreamAnswer);
        }
        continue;
      }
      this.buffer = this.buffer.subarray(end + 2);
      if (line === 'PING') this.socket.write('PONG\r\n');
      else if (line.startsWith('-ERR')) this.waiting?.reject(new Error(`nats: ${line}`));
    }
  }
}
