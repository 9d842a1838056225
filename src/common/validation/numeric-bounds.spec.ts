import 'reflect-metadata';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { INT4_MAX } from './id-param';

const MODULES = join(__dirname, '..', '..', 'modules');

/** Every request DTO of every module (importing their files registers the metadata). */
async function loadDtos(): Promise<void> {
  for (const mod of readdirSync(MODULES)) {
    const dir = join(MODULES, mod, 'dto');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      await import(join(dir, f));
    }
  }
}

describe('numeric fields of request DTOs', () => {
  let numeric: [string, ValidationMetadata[]][] = [];

  beforeAll(async () => {
    await loadDtos();
    const all = (
      getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> }
    ).validationMetadatas;
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const m of [...all.values()].flat()) {
      const key = `${(m.target as { name: string }).name}.${m.propertyName}`;
      byProperty.set(key, [...(byProperty.get(key) ?? []), m]);
    }
    numeric = [...byProperty].filter(([, ms]) =>
      ms.some((m) => m.name === 'isInt' || m.name === 'isNumber' || m.name === 'maxDecimalPlaces'),
    );
  });

  it('finds them (sanity)', () => {
    expect(numeric.length).toBeGreaterThan(30);
  });

  it('bounds every one with Min and Max, integers inside int4 (or bigint for the seq counter)', () => {
    const unbounded = numeric
      .filter(([key, ms]) => {
        const min = ms.find((m) => m.name === 'min')?.constraints?.[0] as number | undefined;
        const max = ms.find((m) => m.name === 'max')?.constraints?.[0] as number | undefined;
        if (min === undefined || max === undefined) return true;
        const limit = key === 'SaveAnswerDto.seq' ? Number.MAX_SAFE_INTEGER : INT4_MAX;
        return min < -limit - 1 || max > limit;
      })
      .map(([key]) => key);
    expect(unbounded).toEqual([]);
  });

  it('uses IsDecimalNumber, never IsNumber({ maxDecimalPlaces }) (a TypeError on 1e-7)', () => {
    const risky = numeric
      .filter(([, ms]) =>
        ms.some(
          (m) =>
            m.name === 'isNumber' &&
            (m.constraints?.[0] as { maxDecimalPlaces?: number } | undefined)?.maxDecimalPlaces !==
              undefined,
        ),
      )
      .map(([key]) => key);
    expect(risky).toEqual([]);
  });
});
