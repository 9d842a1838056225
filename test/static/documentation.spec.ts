import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentVariables } from '../../src/config/environment-variables';

const ROOT = join(__dirname, '..', '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const variables = Object.keys(new EnvironmentVariables()).concat([
  'PUBLIC_URL',
  'JWT_SECRET',
  'AUDIT_HMAC_KEY',
]);

describe('documentation tells the truth about configuration', () => {
  it.each(variables)('.env.example documents %s', (name) => {
    expect(read('.env.example')).toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it.each(variables)('the README configuration table lists %s', (name) => {
    expect(read('README.md')).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
  });

  it('.env.example defaults are the defaults of the code', () => {
    const defaults = new EnvironmentVariables() as unknown as Record<string, unknown>;
    for (const line of read('.env.example').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
      if (!m || m[2] === '') continue;
      expect(`${m[1]}=${String(defaults[m[1]])}`).toBe(`${m[1]}=${m[2]}`);
    }
  });

  it('the README shows the two commands', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
