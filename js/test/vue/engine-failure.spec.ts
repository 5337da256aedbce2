import { describe, expect, it, vi } from 'vitest'
import { BackendHealthError } from 'vue-backend-health'

import { mountHealth } from './harness.js'

// An engine whose wasm cannot be loaded, as on a server that does not send
// the file.
vi.mock(import('vue-backend-health/core'), async (original) => {
  const core = await original()
  const failure = new core.BackendHealthError(
    "the engine's wasm file was not found",
    { kind: 'engine' },
  )
  return { ...core, loadEngine: () => Promise.reject(failure) }
})

describe('an engine that fails to load', () => {
  it('shows in error, with one warning however many components use it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const first = mountHealth('http://127.0.0.1:9/health')
    const second = mountHealth('http://127.0.0.1:9/other')

    for (const { health } of [first, second]) {
      await expect
        .poll(() => health.error.value)
        .toBeInstanceOf(BackendHealthError)
      expect(health.error.value?.kind).toBe('engine')
      expect(health.error.value?.message).toMatch(/wasm file was not found/)
      expect(health.status.value).toBe('unknown')
      expect(await health.check()).toBeNull()
    }
    expect(warn).toHaveBeenCalledTimes(1)
    warn.mockRestore()
  })
})
