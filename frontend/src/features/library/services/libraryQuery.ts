// The gallery's filters, and how they map to the URL and to the list_adapters query.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { operations } from '@/api/schema'

export type AdapterQuery = NonNullable<operations['list_adapters']['parameters']['query']>
export type SortKey = NonNullable<AdapterQuery['sort']>
export type AdapterStatus = 'ok' | 'missing' | 'offline' | 'error'
export type GalleryView = 'grid' | 'list'

export interface LibraryFilters {
  q: string
  baseModels: string[]
  architectures: string[]
  networkTypes: string[]
  tags: string[]
  tagsMode: 'any' | 'all'
  favorite: boolean
  active: boolean
  statuses: AdapterStatus[]
  sort: SortKey
  order: 'asc' | 'desc'
}

/** Sorts offered in the UI (the server may know more). */
export const SORT_LABELS: Partial<Record<SortKey, string>> = {
  relevance: 'Best match',
  name: 'Name',
  created_at: 'Date added',
  updated_at: 'Last changed',
  size_bytes: 'File size',
  last_used_at: 'Last used',
  ordinal: 'Stack order',
  downloads: 'Civitai downloads',
  thumbs_up: 'Civitai thumbs up',
}
export const STATUSES: AdapterStatus[] = ['ok', 'missing', 'offline', 'error']

export function defaultFilters(): LibraryFilters {
  return {
    q: '',
    baseModels: [],
    architectures: [],
    networkTypes: [],
    tags: [],
    tagsMode: 'any',
    favorite: false,
    active: false,
    statuses: [],
    // Best match while searching; the server sorts by name when there is no search.
    sort: 'relevance',
    order: 'asc',
  }
}

function list(value: LocationQuery[string] | undefined): string[] {
  const values = Array.isArray(value) ? value : value == null ? [] : [value]
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0)
}

function one(value: LocationQuery[string] | undefined): string {
  return list(value)[0] ?? ''
}

export function filtersFromQuery(query: LocationQuery): LibraryFilters {
  const defaults = defaultFilters()
  const sort = one(query.sort)
  return {
    q: one(query.q),
    baseModels: list(query.base_model),
    architectures: list(query.architecture),
    networkTypes: list(query.network_type),
    tags: list(query.tags),
    tagsMode: one(query.tags_mode) === 'all' ? 'all' : 'any',
    favorite: one(query.favorite) === 'true',
    active: one(query.active) === 'true',
    statuses: list(query.status).filter((s): s is AdapterStatus => (STATUSES as string[]).includes(s)),
    sort: sort in SORT_LABELS ? (sort as SortKey) : defaults.sort,
    order: one(query.order) === 'desc' ? 'desc' : 'asc',
  }
}

export function viewFromQuery(query: LocationQuery): GalleryView {
  return one(query.view) === 'list' ? 'list' : 'grid'
}

/** URL query for shareable views: only what differs from the defaults. */
export function filtersToQuery(filters: LibraryFilters, view: GalleryView): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (filters.q.trim()) query.q = filters.q.trim()
  if (filters.baseModels.length) query.base_model = filters.baseModels
  if (filters.architectures.length) query.architecture = filters.architectures
  if (filters.networkTypes.length) query.network_type = filters.networkTypes
  if (filters.tags.length) query.tags = filters.tags
  if (filters.tags.length && filters.tagsMode === 'all') query.tags_mode = 'all'
  if (filters.favorite) query.favorite = 'true'
  if (filters.active) query.active = 'true'
  if (filters.statuses.length) query.status = filters.statuses
  if (filters.sort !== defaultFilters().sort) query.sort = filters.sort
  if (filters.order !== 'asc') query.order = filters.order
  if (view !== 'grid') query.view = view
  return query
}

/** The list_adapters query for these filters (without paging). */
export function toApiQuery(filters: LibraryFilters): AdapterQuery {
  const query: AdapterQuery = { sort: filters.sort, order: filters.order }
  if (filters.q.trim()) query.q = filters.q.trim()
  if (filters.baseModels.length) query.base_model = filters.baseModels
  if (filters.architectures.length) query.architecture = filters.architectures
  if (filters.networkTypes.length) query.network_type = filters.networkTypes
  if (filters.tags.length) {
    query.tags = filters.tags
    query.tags_mode = filters.tagsMode
  }
  if (filters.favorite) query.favorite = true
  if (filters.active) query.active = true
  if (filters.statuses.length) query.status = filters.statuses
  return query
}

export function filtersKey(filters: LibraryFilters): string {
  return JSON.stringify(toApiQuery(filters))
}

/** True when anything narrows the list (sorting does not). */
export function narrowsList(filters: LibraryFilters): boolean {
  const query = toApiQuery(filters)
  return Object.keys(query).some((key) => key !== 'sort' && key !== 'order')
}
