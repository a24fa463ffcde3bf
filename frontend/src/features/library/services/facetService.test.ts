import { describe, expect, it, vi } from 'vitest'
import * as http from '@/api/http'
import { makeAdapter } from '@/test/adapters'
import { facetQuery, facetsOf, loadFacets } from './facetService'

describe('facets', () => {
  it('ask the server with the list filters but without paging or sorting', async () => {
    const pending = vi.spyOn(http, 'callPending').mockResolvedValue({ base_model: [], architecture: [], network_type: [], tags: [], status: [], favorite: 2, active: 1 })
    const facets = await loadFacets(true, { q: 'ink', base_model: ['Pony', 'SD 1.5'], favorite: true, sort: 'name', order: 'asc', limit: 50 })
    expect(pending).toHaveBeenCalledWith('GET', '/api/v1/adapters/facets?q=ink&base_model=Pony&base_model=SD+1.5&favorite=true')
    expect(facets).toMatchObject({ favorite: 2, exact: true })
  })

  it('leave the query out when nothing is filtered', () => {
    expect(facetQuery({ sort: 'name', order: 'asc' })).toBe('')
  })

  it('are counted over a sample when the server has no facets', () => {
    const facets = facetsOf([makeAdapter(1, { tags: ['a', 'b'] }), makeAdapter(2, { tags: ['a'] })], false)
    expect(facets.tags).toEqual([{ value: 'a', count: 2 }, { value: 'b', count: 1 }])
    expect(facets.exact).toBe(false)
  })
})
