// Values the test config hands to every test file.

import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The directory of the built package (see vitest.config.ts). */
    packageDir: string
  }
}

/** The directory of the built package the tests run against. */
export function packageDir(): string {
  return inject('packageDir')
}
