import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Where npm would find `name` for the package at `path`: its own node_modules, then each parent's, then the top. */
function resolves(packages: Record<string, LockEntry>, path: string, name: string): boolean {
  let base = path;
  for (;;) {
    if (packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true;
    if (!base) return false;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/**
 * `npm ci` refuses a lock file that lacks any optional dependency, even one for another platform (npm/cli#9846),
 * and docker-compose and CI install with `npm ci`. Every dependency of every locked package must be in the lock.
 */
describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };

  it('locks every dependency and optional (platform) dependency of every package, so npm ci accepts it', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
        if (!resolves(lock.packages, path, name)) missing.push(`${path || '(root)'} → ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('matches package.json', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as LockEntry & { devDependencies: Record<string, string> };
    const root = lock.packages[''] as LockEntry & { devDependencies?: Record<string, string> };
    expect(root.dependencies).toEqual(manifest.dependencies);
    expect(root.devDependencies).toEqual(manifest.devDependencies);
  });
});
