import { describe, expect, it } from 'vitest'
import { healthFetch, reportResponse } from 'vue-backend-health'

import { mountHealth, useServer } from './harness.js'
import { FAST, sleep, startServer } from './server.js'

const server = useServer()

/** Probing slow enough that only a passive report explains a quick flip. */
const SLOW = { ...FAST, interval: 5000, timeout: 1000 }

describe('passive reporting', () => {
  it('healthFetch returns the response unchanged and reports it', async () => {
    const { url, script, hits } = server.current
    const { health } = mountHealth(url('/passive/health'), SLOW)
    await expect.poll(() => health.status.value).toBe('healthy')
    const probes = hits('/passive/health').length

    // At t0 the app's own request gets a 502 and the health endpoint a 503:
    // the report brings a confirming probe forward, long before 5 000 ms.
    script('/api/orders', { phase: 'bad-gateway' })
    script('/passive/health', { phase: 'unavailable' })
    const started = Date.now()
    const response = await healthFetch(url('/api/orders'))
    expect(response.status).toBe(502)
    expect(await response.text()).toBe('bad gateway')

    await expect.poll(() => health.status.value).toBe('unavailable')
    expect(Date.now() - started).toBeLessThan(SLOW.interval / 2)
    expect(hits('/passive/health').length).toBeGreaterThan(probes)
  })

  it('healthFetch rethrows a failed request unchanged', async () => {
    const closed = await startServer()
    const address = closed.url('/gone')
    await closed.close()

    const failure = await healthFetch(address).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(Error)
  })

  it('healthFetch leaves the monitors of other origins alone', async () => {
    const { url, hits } = server.current
    const other = await startServer()
    other.script('/api', { phase: 'bad-gateway' })
    const { health } = mountHealth(url('/origin/health'), SLOW)
    await expect.poll(() => health.status.value).toBe('healthy')

    const response = await healthFetch(other.url('/api'))
    expect(response.status).toBe(502)
    await sleep(600)
    expect(hits('/origin/health')).toHaveLength(1)
    expect(health.consecutiveFailures.value).toBe(0)
    await other.close()
  })

  it('reportResponse reports to the monitors of one endpoint', async () => {
    const { url, script } = server.current
    const { health } = mountHealth(url('/reported/health'), SLOW)
    await expect.poll(() => health.status.value).toBe('healthy')

    script('/reported/health', { phase: 'unavailable' })
    reportResponse(url('/reported/health'), new Response(null, { status: 502 }))
    await expect.poll(() => health.status.value).toBe('unavailable')
  })
})
