import type { Config } from 'jest';

const config: Config = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  collectCoverageFrom: ['lib/**/*.ts'],
  coverageReporters: ['text-summary', 'lcov'],
  coverageThreshold: {
    global: { statements: 90, branches: 90, functions: 90, lines: 90 },
  },
  transform: {
    // Jest runs CommonJS, whose loader cannot serve a real import(): the specs compile to require()
    // where the package (typechecked as node16) keeps import().
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10' } }],
    '/node_modules/unpdf/dist/(index\\.cjs|pdfjs\\.mjs)$': '<rootDir>/spec/support/esm-to-cjs.cjs',
  },
  // unpdf imports its ES-module-only PDF.js at run time: the one dependency jest transforms.
  transformIgnorePatterns: ['/node_modules/(?!unpdf/dist/(index\\.cjs|pdfjs\\.mjs)$)'],
  // Samples import the package by name, as a user's code does; in the repository that is lib/.
  moduleNameMapper: {
    '^persona-rx$': '<rootDir>/lib/index.ts',
    '^persona-rx/(node|testing)$': '<rootDir>/lib/$1.ts',
    '^unpdf/pdfjs$': '<rootDir>/node_modules/unpdf/dist/pdfjs.mjs',
  },
  globalSetup: '<rootDir>/spec/support/global-setup.ts',
  testTimeout: 20_000,
};

export default config;
