#!/usr/bin/env node
// Removes comments from the package's compiled JavaScript, in place; the
// declarations keep theirs, so editors still show the docs. Comments that
// tell bundlers something (@vite-ignore, webpackIgnore, __PURE__) stay.
//
//   node scripts/strip-comments.mjs <dir>
//
// Comments are found with TypeScript's parser, never with patterns, so
// nothing inside a string, template or regular expression is touched. A
// removed comment that spanned lines leaves a line break, so automatic
// semicolon insertion reads the code as before.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const require = createRequire(new URL('../js/package.json', import.meta.url))
const ts = require('typescript')

/** Comments that carry instructions for bundlers. */
const KEEP = /@vite-ignore|webpackIgnore|__PURE__|@license|@preserve/

function main() {
  const dir = process.argv[2]
  if (!dir) {
    process.stderr.write('usage: strip-comments.mjs <dir>\n')
    process.exit(2)
  }
  for (const file of javascript(dir)) {
    const text = readFileSync(file, 'utf8')
    writeFileSync(file, strip(text, file))
  }
}

function* javascript(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* javascript(path)
    else if (entry.name.endsWith('.js')) yield path
  }
}

/** `text` without its comments. */
function strip(text, file) {
  let out = ''
  let last = 0
  for (const comment of comments(text, file)) {
    if (KEEP.test(text.slice(comment.pos, comment.end))) continue
    const { from, to, replacement } = cut(text, comment)
    out += text.slice(last, from) + replacement
    last = to
  }
  return out + text.slice(last)
}

/** Every comment of the module, in order, found at token boundaries. */
function comments(text, file) {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.JS,
  )
  const found = new Map()
  const add = (ranges) => {
    for (const range of ranges ?? []) found.set(range.pos, range)
  }
  const visit = (node) => {
    add(ts.getLeadingCommentRanges(text, node.pos))
    add(ts.getTrailingCommentRanges(text, node.end))
    for (const child of node.getChildren(source)) visit(child)
  }
  visit(source)
  return [...found.values()].sort((a, b) => a.pos - b.pos)
}

/**
 * What to cut for one comment: its whole line when nothing else is on it,
 * otherwise the comment alone, replaced by a space or a line break.
 */
function cut(text, comment) {
  const lineStart = text.lastIndexOf('\n', comment.pos - 1) + 1
  const lineEnd = text.indexOf('\n', comment.end)
  const end = lineEnd === -1 ? text.length : lineEnd
  const alone =
    text.slice(lineStart, comment.pos).trim() === '' &&
    text.slice(comment.end, end).trim() === ''
  if (alone) {
    const to = Math.min(end + 1, text.length)
    return { from: lineStart, to, replacement: '' }
  }
  const body = text.slice(comment.pos, comment.end)
  const replacement = body.includes('\n') ? '\n' : ' '
  return { from: comment.pos, to: comment.end, replacement }
}

main()
