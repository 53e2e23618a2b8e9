import net from 'node:net';

/**
 * The component environment's Redis, started by the runner like the platform's (the global setup's), spoken to in its
 * own protocol: what any process of the machine could send to 127.0.0.1.
 */
function converse(commands: string[], replies: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(process.env.COMPONENT_REDIS_PORT), '127.0.0.1');
    let answer = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer to ${commands.join(', ')}: ${answer}`)));
    socket.on('connect', () => socket.write(commands.map((command) => `${command}\r\n`).join('')));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      const lines = answer.split('\r\n').filter(Boolean);
      if (lines.length >= replies) {
        socket.end();
        resolve(lines);
      }
    });
    socket.on('error', reject);
  });
}

const password = () => new URL(process.env.COMPONENT_REDIS_URL!).password;

describe('the local Redis', () => {
  it('when a client connects without the password, then every command is refused', async () => {
    const replies = await converse(['PING', 'GET anything', 'KEYS *'], 3);

    expect(replies).toEqual([expect.stringMatching(/^-NOAUTH/), expect.stringMatching(/^-NOAUTH/), expect.stringMatching(/^-NOAUTH/)]);
  });

  it('when a client gives a wrong password, then it is refused and stays unauthenticated', async () => {
    const replies = await converse(['AUTH not-the-password', 'PING'], 2);

    expect(replies).toEqual([expect.stringMatching(/^-WRONGPASS/), expect.stringMatching(/^-NOAUTH/)]);
  });

  it('when a client gives the password of the local secret store, then it is served', async () => {
    const replies = await converse([`AUTH ${password()}`, 'PING'], 2);

    expect(replies).toEqual(['+OK', '+PONG']);
  });
});
