// @vitest-environment node
import { renderToString } from '@vue/server-renderer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSSRApp, defineComponent, h } from 'vue'
import {
  BackendHealthBoundary,
  createBackendHealth,
  isEngineLoaded,
  onStatusChange,
  useBackendHealth,
} from 'vue-backend-health'

import { sleep, startServer, type TestServer } from './server.js'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.close())

describe('server-side rendering', () => {
  it('renders inert refs and the content, starting no request or engine', async () => {
    let checked: unknown = 'not yet'
    const Status = defineComponent({
      setup() {
        const health = useBackendHealth()
        onStatusChange(() => {})
        void health.check().then((snapshot) => (checked = snapshot))
        return () =>
          h('p', `${health.status.value} ${String(health.isHealthy.value)}`)
      },
    })
    const app = createSSRApp({
      render: () =>
        h(BackendHealthBoundary, null, { default: () => h(Status) }),
    })
    app.use(createBackendHealth({ endpoint: server.url('/ssr') }))

    const html = await renderToString(app)
    expect(html).toContain('data-status="unknown"')
    expect(html).toContain('<p>unknown null</p>')

    await sleep(300)
    expect(server.hits('/ssr')).toHaveLength(0)
    expect(isEngineLoaded()).toBe(false)
    expect(checked).toBeNull()
  })
})
