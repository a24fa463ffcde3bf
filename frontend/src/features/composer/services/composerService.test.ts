import { afterEach, describe, expect, it, vi } from 'vitest'
import { configureApi } from '@/api/http'
import { makeAdapter } from '@/test/adapters'
import * as detail from '@/features/adapter-detail/services/adapterDetailService'
import { listDeliveryTargets, moved, saveOrder } from './composerService'

afterEach(() => configureApi({ baseUrl: '', apiKey: () => null }))

describe('reordering the active stack', () => {
  it('moves one item and keeps the rest in order', () => {
    expect(moved(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c'])
    expect(moved(['a', 'b'], 0, 9)).toEqual(['b', 'a'])
  })

  it('saves a new ordinal only for adapters whose position changed', async () => {
    const activate = vi.spyOn(detail, 'activateAdapter').mockImplementation(async (id, _w, ordinal) => makeAdapter(id, { ordinal: ordinal ?? null, active: true }))
    const [a, b, c] = [makeAdapter(1), makeAdapter(2), makeAdapter(3)]
    const saved = await saveOrder([a, b, c], [a, c, b])
    expect(activate.mock.calls).toEqual([[3, undefined, 1], [2, undefined, 2]])
    expect(saved.map((x) => x.id)).toEqual([1, 3, 2])
  })
})

describe('delivery targets', () => {
  it('are read from the server with the API key', async () => {
    const target = { name: 'sdnext', kind: 'sdapi', url: 'http://127.0.0.1:7860', timeout_s: 600, max_attempts: 3, backoff_s: 1, source: 'settings' }
    const fetch = vi.fn(async (_request: Request) => Response.json([target]))
    configureApi({ baseUrl: 'http://lm.test', apiKey: () => 'k-1', fetch: fetch as unknown as typeof globalThis.fetch })
    expect(await listDeliveryTargets()).toEqual([target])
    const request = fetch.mock.calls[0]![0]
    expect(request.url).toBe('http://lm.test/api/v1/deliveries/targets')
    expect(request.headers.get('X-API-Key')).toBe('k-1')
  })
})
