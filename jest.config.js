// One run for the three tiers: unit (src, *.spec.ts), integration and e2e (test/).
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

/**
 * NestJS 12 and a few of its dependencies ship as ES modules only. Node 20.19+ loads them from
 * CommonJS (require(esm)), but Jest's module system on Node 20 cannot, so Jest compiles exactly
 * those packages to CommonJS with SWC. The list is read from node_modules, not hand-kept.
 */
function esmPackages(dir = join(__dirname, 'node_modules')) {
  const found = new Set();
  const visit = (name, pkgDir) => {
    const manifest = join(pkgDir, 'package.json');
    if (!existsSync(manifest)) return;
    try {
      if (JSON.parse(readFileSync(manifest, 'utf8')).type === 'module') found.add(name);
    } catch {
      // not a package
    }
    // a dependency's own copy of a package (e.g. @fastify/middie's path-to-regexp 9)
    const nested = join(pkgDir, 'node_modules');
    if (existsSync(nested)) scan(nested);
  };
  const scan = (modules) => {
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@')) {
        for (const sub of readdirSync(join(modules, entry)))
          visit(`${entry}/${sub}`, join(modules, entry, sub));
      } else visit(entry, join(modules, entry));
    }
  };
  scan(dir);
  return [...found].map((n) => n.replace(/[.+]/g, '\\$&'));
}

const esm = esmPackages();
const swcTs = ['@swc/jest', { swcrc: true }];
const swcJs = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
    module: { type: 'commonjs', ignoreDynamic: false },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/test/**/*.int-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  transform: { '^.+\\.ts$': swcTs, '^.+\\.m?js$': swcJs },
  // a file is left alone when the package it is in (after its last node_modules/) is not ESM
  transformIgnorePatterns: [`/node_modules/(?!(${esm.join('|')})/)(?!.*/node_modules/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  globalSetup: '<rootDir>/test/utils/global-setup.ts',
  globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
};
