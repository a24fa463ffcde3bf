import { afterEach, describe, expect, it, vi } from 'vitest'
import { configureApi } from '@/api/http'
import { facetQuery, loadFacets } from './facetService'

const FACETS = {
  total: 3,
  base_model: [{ value: 'Pony', count: 2 }],
  architecture: [],
  network_type: [],
  status: [],
  creator: [],
  tags: [],
  favorite: 2,
  active: 1,
  has_civitai: 0,
  update_available: 0,
}

afterEach(() => configureApi({ baseUrl: '', apiKey: () => null }))

describe('facets', () => {
  it('ask the server with the list filters but without paging or sorting', async () => {
    const fetch = vi.fn(async (_request: Request) => Response.json(FACETS))
    configureApi({ baseUrl: 'http://lm.test', apiKey: () => null, fetch: fetch as unknown as typeof globalThis.fetch })
    const facets = await loadFacets({ q: 'ink', base_model: ['Pony', 'SD 1.5'], favorite: true, sort: 'name', order: 'asc', limit: 50 })
    const url = new URL(fetch.mock.calls[0]![0].url)
    expect(url.pathname).toBe('/api/v1/adapters/facets')
    expect([...url.searchParams]).toEqual([['q', 'ink'], ['base_model', 'Pony'], ['base_model', 'SD 1.5'], ['favorite', 'true']])
    expect(facets).toMatchObject({ favorite: 2, base_model: [{ value: 'Pony', count: 2 }] })
  })

  it('leave the query empty when nothing is filtered', () => {
    expect(facetQuery({ sort: 'name', order: 'asc' })).toEqual({})
  })
})
