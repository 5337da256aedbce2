// The Vue layer's tests: the built package (../pkg, from `make package`)
// with its real wasm engine, in happy-dom (with Node's fetch: see
// test/vue/environment.ts), against a local HTTP server.

import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const built = (file: string): string =>
  fileURLToPath(new URL(`../pkg/${file}`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^vue-backend-health\/core$/, replacement: built('core.js') },
      { find: /^vue-backend-health$/, replacement: built('index.js') },
    ],
    // The package lives outside js/, where no node_modules holds Vue: its
    // `import 'vue'` must find the one the tests and test-utils use.
    dedupe: ['vue'],
  },
  test: {
    // Where the built package is, for the tests that read its files.
    provide: { packageDir: built('') },
    include: ['test/vue/**/*.spec.ts'],
    environment: './test/vue/environment.ts',
    testTimeout: 15_000,
    expect: { poll: { timeout: 4_000, interval: 10 } },
  },
})
