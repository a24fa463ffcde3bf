import { afterEach, describe, expect, it, vi } from 'vitest'
import { configureApi } from '@/api/http'
import { makeDelivery, makeJob } from '@/test/deliveries'
import { canRetry, kindLabel, listDeliveries, recentOtherJobs, resultSummary, targetLabel } from './jobsService'

function serverAnswering(body: unknown) {
  const fetch = vi.fn(async (_request: Request) => Response.json(body))
  configureApi({ baseUrl: 'http://lm.test', apiKey: () => null, fetch: fetch as unknown as typeof globalThis.fetch })
  return fetch
}

afterEach(() => configureApi({ baseUrl: '', apiKey: () => null }))

describe('deliveries', () => {
  it('are listed with the chosen status only', async () => {
    const fetch = serverAnswering({ items: [makeDelivery('d1', { status: 'failed' })], total: 1, limit: 50, offset: 0 })
    const page = await listDeliveries('failed')
    expect(fetch.mock.calls[0]![0].url).toBe('http://lm.test/api/v1/deliveries?status=failed&limit=50')
    expect(page.items.map((d) => d.id)).toEqual(['d1'])
  })

  it('say what the target answered in one line', () => {
    expect(resultSummary(makeDelivery('a', { result: { status_code: 200, elapsed_ms: 42.4 } }))).toBe('HTTP 200 · 42 ms')
    expect(resultSummary(makeDelivery('b', { result: { exit_code: 0, duration_ms: 1500 } }))).toBe('exit code 0 · 1.5 s')
    expect(resultSummary(makeDelivery('c', { result: { images: [{}, {}], backend: 'http://sd' } }))).toBe('2 images')
    expect(resultSummary(makeDelivery('d'))).toBe('')
  })

  it('are named by their target, else by URL or program', () => {
    expect(targetLabel(makeDelivery('a'))).toBe('sdnext')
    expect(targetLabel(makeDelivery('b', { target: { kind: 'cli', argv: ['/usr/bin/notify', '{prompt}'] } }))).toBe('/usr/bin/notify')
  })

  it('can be retried only once they failed or were cancelled', () => {
    expect(canRetry(makeDelivery('a', { status: 'failed' }))).toBe(true)
    expect(canRetry(makeDelivery('b', { status: 'running' }))).toBe(false)
  })
})

describe('other jobs', () => {
  it('leave the deliveries out and are named in plain words', async () => {
    serverAnswering({ items: [makeJob('s1'), makeDelivery('d1'), makeJob('c1', { kind: 'civitai_sync' })], total: 3, limit: 50, offset: 0 })
    expect((await recentOtherJobs()).map((j) => j.id)).toEqual(['s1', 'c1'])
    expect(kindLabel('civitai_sync')).toBe('Civitai sync')
    expect(kindLabel('export_archive')).toBe('export archive')
  })
})
