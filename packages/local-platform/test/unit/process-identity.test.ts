import { isSameProcess, parseProcessStat } from '../../src/process-identity';

describe('process identity', () => {
  it('when /proc/<pid>/stat is read, then pid, state, parent, group and start time come from their fields', () => {
    const line = '4242 (node) S 4200 4242 4200 0 -1 4194560 1 0 0 0 3 1 0 0 20 0 11 0 987654 1000 10 18446744073709551615';

    const stat = parseProcessStat(line);

    expect(stat).toEqual({ pid: 4242, comm: 'node', state: 'S', ppid: 4200, pgrp: 4242, startTime: 987654 });
  });

  it('when the command name holds spaces and parentheses, then the fields after it are still counted right', () => {
    const line = '77 (a (weird) name) R 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5555 0 0';

    const stat = parseProcessStat(line);

    expect(stat).toMatchObject({ comm: 'a (weird) name', state: 'R', ppid: 1, pgrp: 77, startTime: 5555 });
  });

  it('when the line is not a stat line, then it is refused instead of read as numbers', () => {
    expect(() => parseProcessStat('garbage')).toThrow(/not a \/proc/);
  });

  const recorded = { pid: 300, bootId: 'boot-a', startTime: 1000 };

  it.each([
    ['the same pid, boot and start time', { pid: 300, bootId: 'boot-a', startTime: 1000 }, true],
    ['the pid reused by a later process', { pid: 300, bootId: 'boot-a', startTime: 2000 }, false],
    ['the same numbers after a reboot', { pid: 300, bootId: 'boot-b', startTime: 1000 }, false],
    ['no process under the pid', undefined, false],
  ])('when the recorded process meets %s, then it is trusted: %s', (_, running, trusted) => {
    expect(isSameProcess(recorded, running)).toBe(trusted);
  });

  it('when a record carries no identity (an older runner wrote it), then no running process matches it', () => {
    expect(isSameProcess({ pid: 300 }, { pid: 300, bootId: 'boot-a', startTime: 1000 })).toBe(false);
  });
});
