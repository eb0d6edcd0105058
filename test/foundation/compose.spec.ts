import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** docker-compose.yml read as text (no Docker engine here): no token secret in it, and its start script makes one. */
const compose = readFileSync(resolve('docker-compose.yml'), 'utf8');

/** The app service's start script (the `- |` block of its command), with compose's $$ escapes undone. */
function startScript(): string {
  const app = compose.slice(compose.indexOf('\n  app:'));
  const block = /\n {6}- \|\n((?: {8}.*\n)+)/.exec(app);
  if (!block) throw new Error('the app service has no multi-line start script');
  return block[1].replace(/^ {8}/gm, '').replace(/\$\$/g, '$');
}

describe('docker-compose.yml', () => {
  it('ships no literal JWT secret: the value comes from the environment or the start script', () => {
    const values = [...compose.matchAll(/^\s*JWT_SECRET:\s*(.*)$/gm)].map((m) => m[1].trim());
    expect(values).toEqual(['${JWT_SECRET:-}']);
    expect(compose).not.toMatch(/change-me/i);
  });

  it('generates a secret of at least 32 characters on the first start into a declared volume, reuses it, and honours a given one', () => {
    const directory = mkdtempSync(join(tmpdir(), 'medway-compose-'));
    try {
      const mount = /- app-secrets:(\S+)/.exec(compose)?.[1];
      expect(mount).toBeDefined();
      expect(compose).toMatch(/^volumes:[\s\S]*^ {2}app-secrets:/m);
      const script = startScript()
        .split(mount!)
        .join(directory)
        .replace(/^npm ci.*$/m, 'true')
        .replace(/^exec npm start$/m, 'printf %s "$JWT_SECRET"');
      const run = (env: NodeJS.ProcessEnv) => execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH, ...env } }).toString();

      const first = run({});
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(statSync(join(directory, 'jwt-secret')).mode & 0o077).toBe(0);
      expect(run({})).toBe(first);
      expect(run({ JWT_SECRET: 'x'.repeat(40) })).toBe('x'.repeat(40));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
