// What every component of the console may ask for, provided once at mount.

import { inject } from 'vue'
import type { InjectionKey } from 'vue'

import type { ConsoleConfig } from './config'

/** The key the console's configuration is provided under. */
export const configKey: InjectionKey<ConsoleConfig> = Symbol('console-config')

/** The console's configuration; it is always provided by `main.ts`. */
export function useConsoleConfig(): ConsoleConfig {
  const config = inject(configKey, null)
  if (!config) throw new Error('the console configuration was not provided')
  return config
}
