// Nest 12 and PGlite ship ESM only, so Jest runs in native ESM mode (node --experimental-vm-modules)
// and @swc/jest strips types while keeping decorator metadata, which Nest's DI needs.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // @fastify/static (CommonJS, behind Swagger UI) requires the ESM-only content-disposition 3,
    // which Node 20 loads natively but Jest's CommonJS loader cannot: compile that one package.
    '/node_modules/content-disposition/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: {
    '^#libs/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,test,bench}/**/*.spec.ts'],
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.cjs'],
};
