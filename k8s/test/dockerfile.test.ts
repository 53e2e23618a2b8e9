import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runFileApps } from './support/tools';

/**
 * hadolint is not available here: a small rule set over the one Dockerfile every service is built from, and its
 * .dockerignore.
 */
const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const stages = instructions.reduce<string[][]>((all, line) => {
  if (/^FROM /i.test(line)) all.push([]);
  all.at(-1)?.push(line);
  return all;
}, []);
const runtime = stages.find((stage) => / AS runtime$/i.test(stage[0]!))!;

describe('the Dockerfile', () => {
  it('when a base image is named, then it is an exact version, never latest', () => {
    const images = [...dockerfile.matchAll(/^ARG NODE_IMAGE=(\S+)$/gm)].map((m) => m[1]!);

    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/^node:\d+\.\d+\.\d+-[a-z0-9-]+$/);
    expect(instructions.filter((line) => /^FROM /i.test(line)).every((line) => /^FROM (\$\{NODE_IMAGE\}|build) AS [a-z]+$/.test(line))).toBe(true);
  });

  it("when the runtime image's Node is compared with package.json's engines, then it satisfies them", () => {
    const [major, minor] = /node:(\d+)\.(\d+)/.exec(dockerfile)!.slice(1).map(Number);
    const engines = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).engines.node as string;
    const [wantMajor, wantMinor] = /(\d+)\.(\d+)/.exec(engines)!.slice(1).map(Number);

    expect(major! > wantMajor! || (major === wantMajor && minor! >= wantMinor!)).toBe(true);
  });

  it('when the runtime and dev images run, then their last USER is the non-root node user', () => {
    for (const name of ['runtime', 'dev']) {
      const stage = stages.find((s) => new RegExp(` AS ${name}$`).test(s[0]!))!;
      const users = stage.filter((line) => /^USER /.test(line));

      expect({ name, user: users.at(-1) }).toEqual({ name, user: 'USER node' });
    }
  });

  it('when dependencies are installed, then it is `npm ci` from the lock file, once, before the sources are copied', () => {
    const installs = instructions.filter((line) => /npm (ci|install|i) /.test(line));

    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/npm ci /);
    const build = stages.find((s) => / AS build$/.test(s[0]!))!;
    expect(build.findIndex((line) => line.includes('npm ci'))).toBeLessThan(build.findIndex((line) => line.startsWith('COPY services')));
  });

  it('when the image is built, then no secret or token passes through it', () => {
    expect(instructions.filter((line) => /^(ARG|ENV) .*(TOKEN|SECRET|PASSWORD|KEY|NPM_AUTH)/i.test(line))).toEqual([]);
    expect(dockerfile).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|_authToken|npmrc/);
  });

  it('when the runtime image starts, then it runs the compiled entry of dapr.yaml with source maps, and has a HEALTHCHECK', () => {
    const commands = [...new Set(runFileApps().map((app) => JSON.stringify(app)).map((app) => JSON.parse(app).command.join(' ')))];

    expect(commands).toEqual(['node dist/src/main.js']);
    expect(runtime.at(-1)).toBe('CMD ["node", "--enable-source-maps", "dist/src/main.js"]');
    expect(runtime.some((line) => line.startsWith('HEALTHCHECK ') && line.includes('/healthz'))).toBe(true);
    expect(runtime).toContain('WORKDIR /app/services/${SERVICE}');
  });

  it('when the lock file is read, then every dependency is hoisted to the root node_modules, the one the runtime image copies', () => {
    const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };

    expect(Object.keys(lock.packages).filter((key) => /^(services|packages)\/[^/]+\/node_modules\//.test(key))).toEqual([]);
  });

  it('when the build context is sent, then .dockerignore leaves out node_modules, build output, .runtime, .git and key files', () => {
    const ignored = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());

    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.runtime', '.git', '.env', '**/*.pem', '**/*.key']));
  });
});
