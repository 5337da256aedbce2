// Starts the console: reads where the backend is, then mounts the app with
// the health plugin pointed at it.

import { createApp } from 'vue'
import { createBackendHealth } from 'vue-backend-health'

import App from './App.vue'
import ConfigProblem from './components/ConfigProblem.vue'
import { loadConfig } from './config'
import type { ConsoleConfig } from './config'
import { configKey } from './context'
import { DEMO_OPTIONS, healthEndpoint } from './health'
import './style.css'

function mountConsole(config: ConsoleConfig): void {
  const app = createApp(App)
  app.provide(configKey, config)
  app.use(
    createBackendHealth({
      endpoint: healthEndpoint(config.api),
      options: DEMO_OPTIONS,
    }),
  )
  app.mount('#app')
}

// Without a backend address there is nothing to watch; the page says so
// instead of going blank.
function mountProblem(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error)
  createApp(ConfigProblem, { message }).mount('#app')
}

loadConfig().then(mountConsole, mountProblem)
