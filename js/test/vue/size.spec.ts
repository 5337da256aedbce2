// @vitest-environment node
// What the Vue layer costs an app: the same app bundled for production with
// Vue and the core only, then with Vue and the whole package; the
// difference must stay within the layer's budget of 2 KB gzip.

import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { rolldown } from 'rolldown'
import { afterAll, describe, expect, it } from 'vitest'

import { packageDir } from './provided.js'

const BUDGET = 2048

const vue = createRequire(import.meta.url).resolve(
  'vue/dist/vue.runtime.esm-bundler.js',
)
const scratch = await mkdtemp(join(tmpdir(), 'vue-backend-health-size-'))
afterAll(() => rm(scratch, { recursive: true }))

/** The gzip size of an app that mounts Vue and keeps all of `module`. */
async function appSize(module: string): Promise<number> {
  const entry = join(scratch, 'entry.js')
  await writeFile(
    entry,
    `import { createApp, h } from 'vue'\n` +
      `import * as used from ${JSON.stringify(module)}\n` +
      `createApp({ render: () => h('p') }).mount('#app')\n` +
      `globalThis.used = used\n`,
  )
  const bundle = await rolldown({
    input: entry,
    resolve: { alias: { vue } },
    transform: {
      define: {
        'process.env.NODE_ENV': '"production"',
        __VUE_OPTIONS_API__: 'true',
        __VUE_PROD_DEVTOOLS__: 'false',
        __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      },
    },
    logLevel: 'silent',
  })
  const { output } = await bundle.generate({ minify: true, comments: false })
  const code = output.map((file) => ('code' in file ? file.code : '')).join('')
  return gzipSync(code, { level: 9 }).length
}

describe('the size of the Vue layer', () => {
  it('adds at most 2 KB gzip to a production app on top of the engine', async () => {
    const dir = packageDir()
    const withCore = await appSize(join(dir, 'core.js'))
    const withAll = await appSize(join(dir, 'index.js'))

    const added = withAll - withCore
    expect(added).toBeGreaterThan(0)
    expect(added).toBeLessThanOrEqual(BUDGET)
  })
})
