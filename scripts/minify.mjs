#!/usr/bin/env node
// Turns the compiled JavaScript in the package directory into what ships,
// in place: the core's modules bundled into core.js, the files no entry
// point loads any more removed, and every remaining .js file minified. The
// declarations (.d.ts) are not touched, so editors still show the docs.
//
//   node scripts/minify.mjs <dir>
//
// Why the core is one file: a page that loads it unbundled fetches one
// module instead of a chain of ten, and every file, gzipped on its own,
// pays for its own header and its imports and exports by name. Bundlers
// drop the core's unused exports from one file as they dropped its unused
// modules. Two modules stay files of their own:
//   - the wasm-bindgen glue, which finds the wasm beside itself and is
//     regenerated with it;
//   - warn.js, which the Vue layer imports too: one copy, so each warning
//     is still printed once.
// The Vue layer stays a file per module: merged, its top-level calls
// (defineComponent among them) would keep code that an app using only part
// of it drops now, as bundlers leave out whole files (sideEffects: false).
//
// The minifier is terser, not esbuild's: esbuild drops every comment when it
// minifies, including those that tell bundlers to leave a dynamic import
// alone (@vite-ignore, webpackIgnore); terser keeps them, and the build
// fails if one is lost. The names the core exports stay as written
// (HealthMonitor.name, loadEngine in a stack trace): the bundle exports them
// from a list, whose local names terser would otherwise shorten, where the
// other files declare them as exports, which it leaves alone.
// No source maps ship: the sources they would point to are not in the
// package, and apps' bundlers minify the code again anyway.

import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'

const require = createRequire(new URL('../js/package.json', import.meta.url))
const esbuild = require('esbuild')
const terser = require('terser')
const ts = require('typescript')

/** The core's entry point, which becomes the bundle. */
const CORE = 'core.js'

/** The modules the core bundle imports instead of inlining. */
const SEPARATE = ['wasm/backend_health.js', 'warn.js']

/** Comments inside import() that bundlers read. */
const HINTS = /@vite-ignore|webpackIgnore/

/** The syntax level of the compiled TypeScript (js/tsconfig.json). */
const TARGET = 'es2022'

async function main() {
  const dir = process.argv[2]
  if (!dir) {
    process.stderr.write('usage: minify.mjs <dir>\n')
    process.exit(2)
  }
  const hintsBefore = countHints(dir)

  const coreExports = await bundleCore(dir)
  removeUnloaded(dir, entryPoints(dir))
  for (const file of javascript(dir)) {
    const text = readFileSync(file, 'utf8')
    const reserved = relative(dir, file) === CORE ? coreExports : []
    writeFileSync(file, await minify(text, file, reserved))
  }

  const hintsAfter = countHints(dir)
  if (hintsAfter !== hintsBefore) {
    fail(
      `${hintsBefore} bundler hints in the compiled JavaScript, ` +
        `${hintsAfter} after minifying`,
    )
  }
}

/**
 * Bundles the core into core.js, unminified, so that its comments are still
 * there for the minifier; returns the names it exports.
 */
async function bundleCore(dir) {
  const outfile = join(dir, CORE)
  const result = await esbuild.build({
    entryPoints: [outfile],
    outfile,
    allowOverwrite: true,
    write: false,
    bundle: true,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    target: TARGET,
    logLevel: 'warning',
    plugins: [separate(dir)],
  })
  const [output] = result.outputFiles
  writeFileSync(outfile, output.text)
  return Object.values(result.metafile.outputs)[0].exports
}

/** Keeps the SEPARATE modules as imports, written relative to core.js. */
function separate(dir) {
  const kept = new Set(SEPARATE.map((file) => resolve(dir, file)))
  return {
    name: 'separate',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = resolve(args.resolveDir, args.path)
        if (args.kind === 'entry-point' || !kept.has(target)) return undefined
        const path = relative(dirname(resolve(dir, CORE)), target)
        return { path: `./${path.split(sep).join('/')}`, external: true }
      })
    },
  }
}

/** The JavaScript files the package's exports point to. */
function entryPoints(dir) {
  const template = new URL('../pkg-template/package.json', import.meta.url)
  const { exports } = JSON.parse(readFileSync(template, 'utf8'))
  return Object.values(exports)
    .map((target) => (typeof target === 'string' ? target : target.default))
    .filter((target) => target.endsWith('.js'))
    .map((target) => resolve(dir, target))
    .filter((file) => javascript(dir).includes(file))
}

/**
 * Removes every .js file that the entry points do not load, directly or
 * not: the modules now inside core.js, and those that hold only types.
 * Fails when a module imports a file that is not there.
 */
function removeUnloaded(dir, entries) {
  const files = new Set(javascript(dir))
  const loaded = new Set()
  const queue = [...entries]
  while (queue.length > 0) {
    const file = queue.pop()
    if (loaded.has(file)) continue
    loaded.add(file)
    for (const target of relativeImports(file)) {
      if (!files.has(target)) {
        fail(
          `${relative(dir, file)} imports ${relative(dir, target)}, ` +
            'which is not in the package',
        )
      }
      queue.push(target)
    }
  }
  for (const file of files) {
    if (!loaded.has(file)) rmSync(file)
  }
}

/** The files a module imports by a relative specifier, statically or not. */
function relativeImports(file) {
  const text = readFileSync(file, 'utf8')
  const { importedFiles } = ts.preProcessFile(text, true, true)
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((specifier) => /^\.\.?\//.test(specifier))
    .map((specifier) => resolve(dirname(file), specifier))
}

/** `text` minified; `reserved` names keep their spelling. */
async function minify(text, file, reserved) {
  try {
    const { code } = await terser.minify(text, {
      module: true,
      ecma: 2022,
      mangle: { reserved },
      format: { comments: HINTS, preserve_annotations: true },
    })
    return code
  } catch (error) {
    fail(`${file}: ${error.message}`)
  }
}

/** Bundler hints in comments across the directory's JavaScript. */
function countHints(dir) {
  let count = 0
  for (const file of javascript(dir)) {
    const text = readFileSync(file, 'utf8')
    for (const comment of text.match(/\/\*[\s\S]*?\*\//g) ?? []) {
      if (HINTS.test(comment)) count++
    }
  }
  return count
}

/** Every .js file under `dir`, as absolute paths, in a stable order. */
function javascript(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name) => resolve(dir, name))
}

function fail(message) {
  process.stderr.write(`minify: ${message}\n`)
  process.exit(1)
}

await main()
