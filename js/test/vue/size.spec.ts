// @vitest-environment node
// What the Vue layer costs an app: the same app bundled for production with
// Vue and the core only, then with Vue and the whole package; the
// difference must stay within the layer's budget of 2 KB gzip. And what an
// app leaves out: one that uses a single small export must carry little
// more than that export, not the engine (the core ships as one file) nor
// the rest of the Vue layer.

import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { rolldown } from 'rolldown'
import { afterAll, describe, expect, it } from 'vitest'

import { packageDir } from './provided.js'

const BUDGET = 2048

/**
 * What one small export may add, gzip: a few times its own size, far less
 * than the engine's JavaScript or the rest of the Vue layer.
 */
const ONE_EXPORT = 512

const vue = createRequire(import.meta.url).resolve(
  'vue/dist/vue.runtime.esm-bundler.js',
)
const scratch = await mkdtemp(join(tmpdir(), 'vue-backend-health-size-'))
afterAll(() => rm(scratch, { recursive: true }))

/**
 * The gzip size of an app that mounts Vue and keeps `names` of `module`, or
 * all of it; with no `module`, of the app with Vue alone.
 */
async function appSize(module?: string, names?: string[]): Promise<number> {
  const entry = join(scratch, 'entry.js')
  const binding = names ? `{ ${names.join(', ')} }` : '* as used'
  const used = names ? `[${names.join(', ')}]` : 'used'
  const lines = [`import { createApp, h } from 'vue'`]
  if (module) lines.push(`import ${binding} from ${JSON.stringify(module)}`)
  lines.push(`createApp({ render: () => h('p') }).mount('#app')`)
  if (module) lines.push(`globalThis.used = ${used}`)
  await writeFile(entry, lines.join('\n') + '\n')
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

describe('what the package adds to an app', () => {
  it('adds at most 2 KB gzip to a production app on top of the engine', async () => {
    const dir = packageDir()
    const withCore = await appSize(join(dir, 'core.js'))
    const withAll = await appSize(join(dir, 'index.js'))

    const added = withAll - withCore
    expect(added).toBeGreaterThan(0)
    expect(added).toBeLessThanOrEqual(BUDGET)
  })

  it('adds little more than the one export an app uses', async () => {
    const dir = packageDir()
    const vueAlone = await appSize()
    const errorOnly = await appSize(join(dir, 'core.js'), [
      'BackendHealthError',
    ])
    const fetchOnly = await appSize(join(dir, 'index.js'), ['healthFetch'])

    expect(errorOnly - vueAlone).toBeLessThanOrEqual(ONE_EXPORT)
    expect(fetchOnly - vueAlone).toBeLessThanOrEqual(ONE_EXPORT)
  })
})
