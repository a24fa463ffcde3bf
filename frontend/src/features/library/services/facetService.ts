// Facet values (with counts) for the filter sidebar and the dashboard, from
// GET /api/v1/adapters/facets (each facet ignores its own filter).
import { api, call, type Schemas } from '@/api/http'
import type { operations } from '@/api/schema'
import type { AdapterQuery } from './libraryQuery'

export type Facets = Schemas['AdapterFacets']
export type FacetValue = Schemas['FacetValue']
export type FacetQuery = NonNullable<operations['adapter_facets']['parameters']['query']>

/** The facets query: the list filters, without paging or sorting. */
export function facetQuery(query: AdapterQuery): FacetQuery {
  const filters: AdapterQuery = { ...query }
  delete filters.sort
  delete filters.order
  delete filters.limit
  delete filters.offset
  return filters
}

export function loadFacets(query: AdapterQuery = {}): Promise<Facets> {
  return call(api().GET('/api/v1/adapters/facets', { params: { query: facetQuery(query) } }))
}
