import { describe, expect, it } from 'vitest'
import { defaultFilters, filtersFromQuery, filtersToQuery, narrowsList, toApiQuery, viewFromQuery } from './libraryQuery'

describe('library filters in the URL', () => {
  it('round-trip through the address so a view can be shared', () => {
    const filters = { ...defaultFilters(), q: 'ink', baseModels: ['SDXL 1.0', 'Pony'], tags: ['style', 'anime'], tagsMode: 'all' as const, favorite: true, statuses: ['missing' as const], sort: 'created_at' as const, order: 'desc' as const }
    const query = filtersToQuery(filters, 'list')
    expect(query).toEqual({ q: 'ink', base_model: ['SDXL 1.0', 'Pony'], tags: ['style', 'anime'], tags_mode: 'all', favorite: 'true', status: ['missing'], sort: 'created_at', order: 'desc', view: 'list' })
    expect(filtersFromQuery(query as never)).toEqual(filters)
    expect(viewFromQuery(query as never)).toBe('list')
  })

  it('leave the defaults out of the address', () => {
    expect(filtersToQuery(defaultFilters(), 'grid')).toEqual({})
  })

  it('ignore values they do not know', () => {
    const filters = filtersFromQuery({ sort: 'DROP TABLE', status: ['ok', 'weird'], order: 'sideways' })
    expect(filters.sort).toBe('relevance')
    expect(filters.statuses).toEqual(['ok'])
    expect(filters.order).toBe('asc')
  })
})

describe('the list_adapters query', () => {
  it('sends only what narrows the list, with the tag mode only when tags are chosen', () => {
    expect(toApiQuery(defaultFilters())).toEqual({ sort: 'relevance', order: 'asc' })
    expect(toApiQuery({ ...defaultFilters(), tags: ['x'], active: true, q: '  sumi  ' })).toEqual({ sort: 'relevance', order: 'asc', tags: ['x'], tags_mode: 'any', active: true, q: 'sumi' })
  })

  it('knows when the list is narrowed (sorting does not count)', () => {
    expect(narrowsList({ ...defaultFilters(), sort: 'size_bytes' })).toBe(false)
    expect(narrowsList({ ...defaultFilters(), networkTypes: ['locon'] })).toBe(true)
  })
})
