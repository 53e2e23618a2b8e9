import { isLoopback, parseListeningSockets } from '../../src/listening-sockets';

// As the kernel writes them: each 32-bit word of an address in little-endian order; state 0A is LISTEN.
const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0000000000000000 100 0 0 10 0
   1: 00000000:3E81 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2222 1 0000000000000000 100 0 0 10 0
   2: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 03:00000732 00000000     0        0 3333 1 0000000000000000 20 4 30 10 -1
   3: 0A00020F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1 0000000000000000 100 0 0 10 0
`;
const tcp6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:3E82 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5555 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000000000000:3E83 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6666 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:3E84 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7777 1 0000000000000000 100 0 0 10 0
`;

describe('listening sockets', () => {
  it('when /proc/net/tcp is read, then only listening sockets come back, with their address, port and inode', () => {
    expect(parseListeningSockets(tcp)).toEqual([
      { inode: 1111, address: '127.0.0.1', port: 8080 },
      { inode: 2222, address: '0.0.0.0', port: 16001 },
      { inode: 4444, address: '15.2.0.10', port: 80 },
    ]);
  });

  it('when /proc/net/tcp6 is read, then loopback, any-address and IPv4-mapped addresses are told apart', () => {
    expect(parseListeningSockets(tcp6)).toEqual([
      { inode: 5555, address: '::1', port: 16002 },
      { inode: 6666, address: '::', port: 16003 },
      { inode: 7777, address: '::ffff:127.0.0.1', port: 16004 },
    ]);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.0.0.53', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['15.2.0.10', false],
    ['::ffff:10.0.0.1', false],
  ])('when a socket listens on %s, then it is loopback only: %s', (address, loopback) => {
    expect(isLoopback(address)).toBe(loopback);
  });
});
