// Facet values (with counts) for the filter sidebar, from GET /api/v1/adapters/facets
// (each facet ignores its own filter); servers without it get counts over a sample.
import { callPending } from '@/api/http'
import { listAdapters, MAX_PAGE, type Adapter } from './adapterService'
import type { AdapterQuery } from './libraryQuery'

export interface FacetValue {
  value: string
  count: number
}

export interface Facets {
  base_model: FacetValue[]
  architecture: FacetValue[]
  network_type: FacetValue[]
  tags: FacetValue[]
  status: FacetValue[]
  favorite?: number
  active?: number
  /** False when the counts come from the first adapters only. */
  exact: boolean
}

export const FACETS_ENDPOINT = 'GET /api/v1/adapters/facets'

function tally(values: Iterable<string | null | undefined>): FacetValue[] {
  const counts = new Map<string, number>()
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
}

export function facetsOf(adapters: Adapter[], exact: boolean): Facets {
  return {
    base_model: tally(adapters.map((a) => a.base_model)),
    architecture: tally(adapters.map((a) => a.architecture)),
    network_type: tally(adapters.map((a) => a.network_type)),
    tags: tally(adapters.flatMap((a) => a.tags)),
    status: tally(adapters.map((a) => a.status)),
    exact,
  }
}

const NOT_FILTERS = new Set(['sort', 'order', 'limit', 'offset'])

/** The facets query: the list filters, repeated keys for lists, no paging or sorting. */
export function facetQuery(query: AdapterQuery): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (NOT_FILTERS.has(key) || value === undefined || value === null) continue
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

export async function loadFacets(serverOffersFacets: boolean, query: AdapterQuery = {}): Promise<Facets> {
  if (serverOffersFacets) {
    const facets = await callPending<Omit<Facets, 'exact'>>('GET', `/api/v1/adapters/facets${facetQuery(query)}`)
    return { ...facets, exact: true }
  }
  const page = await listAdapters({ limit: MAX_PAGE, sort: 'updated_at', order: 'desc' })
  return facetsOf(page.items, page.total <= page.items.length)
}
