// Warnings for developers: printed once each, with the package's name, and
// never in production builds.

// Typed here, not through @types/node: this code also runs where there is
// no `process` at all.
declare const process: { env: Record<string, string | undefined> }

const given = new Set<string>()

/**
 * Whether the build is for production. Bundlers replace the whole
 * `process.env.NODE_ENV` expression with a string, so the test folds away;
 * where nothing replaced it and there is no `process`, the read throws and
 * the build counts as development.
 */
function isProduction(): boolean {
  try {
    return process.env.NODE_ENV === 'production'
  } catch {
    return false
  }
}

/** Prints `message` once, after the package's name, outside production. */
export function warn(message: string): void {
  if (isProduction() || given.has(message)) return
  given.add(message)
  console.warn(`[vue-backend-health] ${message}`)
}
