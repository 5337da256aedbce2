#!/usr/bin/env node
// What the built package weighs: raw and gzip (zlib level 9) bytes of the
// wasm, its glue, the core JavaScript and the Vue layer, and the total a
// page loads for the engine (wasm + glue + core), against its target.
//
//   node scripts/size-report.mjs [pkg-dir] [--json] [--check]
//
// Files are compressed one by one, as a server sends them. --check exits
// with 1 when the engine total misses its target.

import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { gzipSync } from 'node:zlib'

/** The engine total's budget, gzip bytes (20 kB). */
const TARGET_GZIP_BYTES = 20_000

const GLUE = 'wasm/backend_health.js'
const WASM = 'wasm/backend_health_bg.wasm'

function main() {
  const args = process.argv.slice(2)
  const json = args.includes('--json')
  const check = args.includes('--check')
  const dir = args.find((arg) => !arg.startsWith('--')) ?? 'pkg'
  if (!existsSync(join(dir, WASM)) || !existsSync(join(dir, 'core.js'))) {
    process.stderr.write(`size-report: no built package in ${dir}/\n`)
    process.exit(2)
  }

  const report = measure(dir)
  const text = json ? JSON.stringify(report, null, 2) + '\n' : table(report)
  process.stdout.write(text)
  if (check && !report.target.met) process.exit(1)
}

/** Sizes of every group, the engine total and the verdict. */
function measure(dir) {
  const core = reachable(dir, ['core.js'])
  core.delete(GLUE)
  const vueEntries = ['index.js', ...listJs(dir, 'vue')].filter((file) =>
    existsSync(join(dir, file)),
  )
  const vue = reachable(dir, vueEntries)
  for (const file of [...core, GLUE]) vue.delete(file)

  const groups = {
    wasm: group(dir, [WASM]),
    glue: group(dir, [GLUE]),
    core: group(dir, [...core]),
    vue: group(dir, [...vue]),
  }
  const engine = ['wasm', 'glue', 'core'].map((name) => groups[name])
  const total = {
    raw: sum(engine.map((g) => g.raw)),
    gzip: sum(engine.map((g) => g.gzip)),
  }
  return {
    dir,
    groups,
    engineTotal: total,
    target: {
      gzipBytes: TARGET_GZIP_BYTES,
      met: total.gzip <= TARGET_GZIP_BYTES,
    },
  }
}

/** The JavaScript files `entries` import, directly or not, with them. */
function reachable(dir, entries) {
  const seen = new Set()
  const queue = [...entries]
  while (queue.length > 0) {
    const file = queue.pop()
    if (seen.has(file) || !existsSync(join(dir, file))) continue
    seen.add(file)
    const source = readFileSync(join(dir, file), 'utf8')
    for (const specifier of relativeImports(source)) {
      queue.push(normalize(join(dirname(file), specifier)))
    }
  }
  return seen
}

/** The relative specifiers of a module's static and dynamic imports. */
function relativeImports(source) {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
  const pattern =
    /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\1/g
  return [...code.matchAll(pattern)].map((match) => match[2])
}

function listJs(dir, sub) {
  if (!existsSync(join(dir, sub))) return []
  return readdirSync(join(dir, sub))
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(sub, name))
}

function group(dir, files) {
  const sized = files.sort().map((file) => {
    const bytes = readFileSync(join(dir, file))
    return {
      file: relative('.', file),
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
    }
  })
  return {
    files: sized,
    raw: sum(sized.map((f) => f.raw)),
    gzip: sum(sized.map((f) => f.gzip)),
  }
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0)
}

function table(report) {
  const { groups, engineTotal, target } = report
  const bytes = (n) => n.toLocaleString('en-US').replace(/,/g, ' ').padStart(9)
  const row = (label, raw, gzip, note = '') =>
    `  ${label.padEnd(40)} ${bytes(raw)} ${bytes(gzip)}  ${note}\n`
  const files = (g) =>
    g.files.length === 1 ? g.files[0].file : `${g.files.length} files`

  let out = `size of ${report.dir}/ (bytes; gzip -9, each file on its own)\n`
  out += `  ${''.padEnd(40)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)}\n`
  out += row('wasm', groups.wasm.raw, groups.wasm.gzip, files(groups.wasm))
  out += row('glue JS', groups.glue.raw, groups.glue.gzip, files(groups.glue))
  out += row('core JS', groups.core.raw, groups.core.gzip, files(groups.core))
  out +=
    groups.vue.files.length === 0
      ? `  ${'Vue layer JS'.padEnd(40)} ${'not built'.padStart(19)}\n`
      : row('Vue layer JS', groups.vue.raw, groups.vue.gzip, files(groups.vue))
  out += row(
    'engine total (wasm + glue + core JS)',
    engineTotal.raw,
    engineTotal.gzip,
  )
  const verdict = target.met ? 'met' : 'MISSED'
  const budget = bytes(target.gzipBytes).trim()
  out += `target: engine total ≤ 20 KB gzip (${budget} B): `
  out += `${verdict} (${bytes(engineTotal.gzip).trim()} B)\n`
  return out
}

main()
