import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

const MODULES = join(__dirname, '..', '..', 'src', 'modules');

/** The role suffixes of the README's "Inside a feature module". */
const ROLES = [
  'controller',
  'service',
  'repository',
  'processor',
  'guard',
  'interceptor',
  'strategy',
  'subscriber',
  'listener',
  'store',
  'storage',
  'provider',
  'mapper',
  'errors',
  'entity',
  'dto',
  'module',
  'health',
];
const PROVIDER = /^@(Injectable|Controller|Processor|Module|Catch|Entity|EventSubscriber)\(/m;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sources(MODULES).map((path) => ({
  name: relative(MODULES, path),
  role: basename(path, '.ts').split('.').slice(1).pop(),
  provides: PROVIDER.test(readFileSync(path, 'utf8')),
}));

describe('file names say what a module file is', () => {
  it('finds the module sources', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('every provider, controller, processor, module and entity file has a role suffix', () => {
    const unnamed = files
      .filter((f) => f.provides && !ROLES.includes(f.role ?? ''))
      .map((f) => f.name);
    expect(unnamed).toEqual([]);
  });

  it('a .service file holds a provider', () => {
    const plain = files.filter((f) => f.role === 'service' && !f.provides).map((f) => f.name);
    expect(plain).toEqual([]);
  });
});
