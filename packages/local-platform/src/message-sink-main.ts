import { startMessageSinkServer } from './message-sink';

/** `node dist/message-sink-main.js` with SMTP_PORT and HTTP_PORT: the process `make up` and component tests start. */
function portFromEnv(name: string): number {
  const port = Number(process.env[name]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`message-sink: ${name} must be a port number (got ${process.env[name] ?? 'nothing'})\n`);
    process.exit(1);
  }
  return port;
}

async function main(): Promise<void> {
  const sink = await startMessageSinkServer({ smtpPort: portFromEnv('SMTP_PORT'), httpPort: portFromEnv('HTTP_PORT') });
  process.stdout.write(`message-sink: smtp on 127.0.0.1:${sink.smtpPort}, http on 127.0.0.1:${sink.httpPort}\n`);
  const stop = () => {
    sink.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`message-sink: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
