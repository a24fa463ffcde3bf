import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeDelivery, makeJob } from '@/test/deliveries'
import * as service from '../services/jobsService'
import { REFRESH_MS, useJobsStore } from './jobs'

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

describe('the jobs store', () => {
  it('refreshes every 2 s while a delivery runs, and stops once none does', async () => {
    const list = vi
      .spyOn(service, 'listDeliveries')
      .mockResolvedValueOnce({ items: [makeDelivery('d1', { status: 'running' })], total: 1 })
      .mockResolvedValue({ items: [makeDelivery('d1', { status: 'succeeded' })], total: 1 })
    vi.spyOn(service, 'recentOtherJobs').mockResolvedValue([])
    const store = useJobsStore()
    await store.watch()
    expect(list).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(REFRESH_MS)
    expect(list).toHaveBeenCalledTimes(2)
    expect(store.deliveries?.[0]?.status).toBe('succeeded')
    await vi.advanceTimersByTimeAsync(5 * REFRESH_MS)
    expect(list).toHaveBeenCalledTimes(2)
  })

  it('keeps refreshing while a scan runs, until the screen is left', async () => {
    const list = vi.spyOn(service, 'listDeliveries').mockResolvedValue({ items: [], total: 0 })
    vi.spyOn(service, 'recentOtherJobs').mockResolvedValue([makeJob('s1', { status: 'running' })])
    const store = useJobsStore()
    await store.watch()
    await vi.advanceTimersByTimeAsync(REFRESH_MS)
    expect(list).toHaveBeenCalledTimes(2)
    store.stop()
    await vi.advanceTimersByTimeAsync(5 * REFRESH_MS)
    expect(list).toHaveBeenCalledTimes(2)
  })

  it('lists only the chosen status, and keeps the newest answer', async () => {
    let release: (page: { items: service.Delivery[]; total: number }) => void = () => {}
    vi.spyOn(service, 'recentOtherJobs').mockResolvedValue([])
    const list = vi
      .spyOn(service, 'listDeliveries')
      .mockImplementationOnce(() => new Promise((resolve) => (release = resolve)))
      .mockResolvedValueOnce({ items: [makeDelivery('f1', { status: 'failed' })], total: 1 })
    const store = useJobsStore()
    const slow = store.load()
    await store.setStatus('failed')
    release({ items: [makeDelivery('old')], total: 1 })
    await slow
    expect(list).toHaveBeenLastCalledWith('failed')
    expect(store.deliveries?.map((d) => d.id)).toEqual(['f1'])
  })

  it('puts a retried delivery back in the list as queued', async () => {
    vi.spyOn(service, 'recentOtherJobs').mockResolvedValue([])
    vi.spyOn(service, 'listDeliveries').mockResolvedValue({ items: [makeDelivery('d1', { status: 'queued', attempts: 4 })], total: 1 })
    const retry = vi.spyOn(service, 'retryDelivery').mockResolvedValue(makeDelivery('d1', { status: 'queued', attempts: 4 }))
    const store = useJobsStore()
    await store.retry('d1')
    expect(retry).toHaveBeenCalledWith('d1')
    expect(store.deliveries?.[0]).toMatchObject({ status: 'queued', attempts: 4 })
  })
})
