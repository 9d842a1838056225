import { loadConfig } from '../../../config';
import { PasswordHasher } from './password-hasher.service';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(loadConfig({}));

  it('hashes with argon2id at m=19 MiB, t=2, p=1 by default', async () => {
    const hash = await hasher.hash('学法考法-2026a');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await expect(hasher.verify(hash, '学法考法-2026a')).resolves.toBe(true);
    await expect(hasher.verify(hash, '学法考法-2026b')).resolves.toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('does not truncate long Chinese passwords (unlike bcrypt)', async () => {
    const long = '信访工作条例'.repeat(20);
    const hash = await hasher.hash(long);
    await expect(hasher.verify(hash, `${long}x`)).resolves.toBe(false);
    await expect(hasher.verify(hash, long)).resolves.toBe(true);
  });

  it('asks for a rehash when the configured cost changes', async () => {
    const cheap = new PasswordHasher(
      loadConfig({ ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' }),
    );
    expect(hasher.needsRehash(await cheap.hash('x'))).toBe(true);
    await expect(hasher.verify('not-a-hash', 'x')).resolves.toBe(false);
  });
});
