import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentVariables } from '../../src/config/environment-variables';
import { DEMO_STAFF, DEMO_UNITS } from '../../src/modules/demo/demo-data';

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

describe('the README describes the demo bureau that is seeded', () => {
  const COUNTS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

  it('with its number of departments and staff', () => {
    const departments = DEMO_UNITS.filter((u) => u.kind === 'department').length;
    const m = /with (\w+) departments and (\d+) fictional staff/.exec(read('README.md'));
    expect(m).not.toBeNull();
    expect(COUNTS.indexOf(m![1])).toBe(departments);
    expect(Number(m![2])).toBe(DEMO_STAFF.length);
  });
});
