import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowReactive } from 'vue'
import { listAdapters, type Adapter } from '../services/adapterService'
import { loadFacets, type Facets } from '../services/facetService'
import { defaultFilters, filtersKey, toApiQuery, type LibraryFilters } from '../services/libraryQuery'

export const PAGE_SIZE = 200

/**
 * The adapters matching the current filters, loaded page by page as the
 * gallery scrolls, so 10,000+ adapters never sit in memory at once as objects
 * Vue has to watch.
 */
export const useGalleryStore = defineStore('gallery', () => {
  const filters = ref<LibraryFilters>(defaultFilters())
  const total = ref<number | null>(null)
  const error = ref<string | null>(null)
  const pages = shallowReactive(new Map<number, Adapter[]>())
  const facets = ref<Facets | null>(null)
  const pending = new Set<number>()
  let generation = 0
  let facetRequest = 0
  let key = ''

  const loading = computed(() => total.value === null && error.value === null)
  const loadedCount = computed(() => [...pages.values()].reduce((sum, page) => sum + page.length, 0))

  async function loadPage(page: number): Promise<void> {
    if (pages.has(page) || pending.has(page)) return
    const mine = generation
    pending.add(page)
    try {
      const result = await listAdapters({ ...toApiQuery(filters.value), limit: PAGE_SIZE, offset: page * PAGE_SIZE })
      if (mine !== generation) return
      pages.set(page, markRaw(result.items))
      total.value = result.total
    } catch (cause) {
      if (mine === generation) error.value = cause instanceof Error ? cause.message : String(cause)
    } finally {
      if (mine === generation) pending.delete(page)
    }
  }

  /** Start from the first page again (filters changed, or the data did). */
  function reload(): Promise<void> {
    generation += 1
    pages.clear()
    pending.clear()
    total.value = null
    error.value = null
    return loadPage(0)
  }

  function setFilters(next: LibraryFilters): Promise<void> | undefined {
    const nextKey = filtersKey(next)
    filters.value = next
    if (nextKey === key && (total.value !== null || pending.size)) return undefined
    key = nextKey
    void refreshFacets()
    return reload()
  }

  /** Make sure the adapters at these positions are (being) loaded. */
  function ensureRange(first: number, last: number): Promise<void[]> {
    if (total.value === null) return Promise.all([])
    const end = Math.min(last, total.value - 1)
    const loads: Promise<void>[] = []
    for (let page = Math.floor(Math.max(first, 0) / PAGE_SIZE); page <= Math.floor(end / PAGE_SIZE); page++) {
      loads.push(loadPage(page))
    }
    return Promise.all(loads)
  }

  function itemAt(index: number): Adapter | undefined {
    return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE]
  }

  /** The adapters between two positions, loading the pages in between first. */
  async function itemsBetween(a: number, b: number): Promise<Adapter[]> {
    const [first, last] = a <= b ? [a, b] : [b, a]
    await ensureRange(first, last)
    const items: Adapter[] = []
    for (let i = first; i <= last; i++) {
      const item = itemAt(i)
      if (item) items.push(item)
    }
    return items
  }

  /** Put a changed adapter in place without reloading (after an edit). */
  function replaceItem(adapter: Adapter): void {
    for (const [page, items] of pages) {
      const at = items.findIndex((item) => item.id === adapter.id)
      if (at >= 0) {
        const copy = items.slice()
        copy[at] = adapter
        pages.set(page, markRaw(copy))
      }
    }
  }

  /** Counts for the sidebar under the current filters (each facet ignores its own filter). */
  async function refreshFacets(): Promise<void> {
    const mine = ++facetRequest
    try {
      const next = await loadFacets(toApiQuery(filters.value))
      if (mine === facetRequest) facets.value = next
    } catch {
      if (mine === facetRequest) facets.value = null
    }
  }

  return {
    filters,
    total,
    error,
    loading,
    loadedCount,
    facets,
    setFilters,
    reload,
    ensureRange,
    itemAt,
    itemsBetween,
    replaceItem,
    refreshFacets,
  }
})
