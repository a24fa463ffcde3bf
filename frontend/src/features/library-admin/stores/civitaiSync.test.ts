import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as syncService from '../services/civitaiSyncService'
import * as adminService from '../services/libraryAdminService'
import type { Job } from '../services/libraryAdminService'
import { SYNC_POLL_MS, useCivitaiSyncStore } from './civitaiSync'

function job(overrides: Partial<Job> = {}): Job {
  return { id: 'sync-1', kind: 'civitai_sync', status: 'queued', attempts: 0, max_attempts: 1, created_at: '', updated_at: '', ...overrides }
}

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

describe('the Civitai sync store', () => {
  it('starts a sync with the chosen options and follows it once a second until it finishes', async () => {
    const start = vi.spyOn(syncService, 'startCivitaiSync').mockResolvedValue(job())
    const get = vi
      .spyOn(adminService, 'getJob')
      .mockResolvedValueOnce(job({ status: 'running', progress: { phase: 'matching', total: 4, done: 1 } }))
      .mockResolvedValueOnce(job({ status: 'succeeded', result: { found: 3, not_found: 1, errors: 0, skipped: 0 } }))
    const finished = vi.fn()
    const store = useCivitaiSyncStore()
    await store.start({ only_missing: true, force: false }, finished)
    expect(start).toHaveBeenCalledWith({ only_missing: true, force: false })

    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS)
    expect(store.job?.progress).toMatchObject({ done: 1, total: 4 })
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS)
    expect(store.job?.status).toBe('succeeded')
    expect(finished).toHaveBeenCalledOnce()

    await vi.advanceTimersByTimeAsync(5 * SYNC_POLL_MS)
    expect(get).toHaveBeenCalledTimes(2)
  })

  it('stops asking when the screen is left', async () => {
    vi.spyOn(syncService, 'startCivitaiSync').mockResolvedValue(job({ status: 'running' }))
    const get = vi.spyOn(adminService, 'getJob').mockResolvedValue(job({ status: 'running' }))
    const store = useCivitaiSyncStore()
    await store.start({})
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS)
    store.stop()
    await vi.advanceTimersByTimeAsync(10 * SYNC_POLL_MS)
    expect(get).toHaveBeenCalledTimes(1)
  })

  it('picks up a sync that is still running', async () => {
    const recent = vi.spyOn(adminService, 'recentJobs').mockResolvedValue([job({ status: 'running' })])
    const get = vi.spyOn(adminService, 'getJob').mockResolvedValue(job({ status: 'cancelled' }))
    const store = useCivitaiSyncStore()
    await store.loadLast()
    expect(recent).toHaveBeenCalledWith('civitai_sync', 1)
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS)
    expect(get).toHaveBeenCalledOnce()
    expect(store.job?.status).toBe('cancelled')
  })
})
