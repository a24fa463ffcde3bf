import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { makeAdapter, pagedAdapters } from '@/test/adapters'
import * as adapterService from '../services/adapterService'
import * as facetService from '../services/facetService'
import { defaultFilters } from '../services/libraryQuery'
import { PAGE_SIZE, useGalleryStore } from './gallery'

beforeEach(() => {
  setActivePinia(createPinia())
  vi.spyOn(facetService, 'loadFacets').mockResolvedValue({
    total: 0, base_model: [], architecture: [], network_type: [], status: [], creator: [], tags: [], favorite: 0, active: 0, has_civitai: 0, update_available: 0,
  })
})

describe('the gallery store', () => {
  it('loads only the first page, then the pages that come into view', async () => {
    const list = vi.spyOn(adapterService, 'listAdapters').mockImplementation(pagedAdapters(10_000))
    const gallery = useGalleryStore()
    await gallery.setFilters(defaultFilters())
    expect(gallery.total).toBe(10_000)
    expect(list).toHaveBeenCalledTimes(1)
    expect(gallery.itemAt(PAGE_SIZE)).toBeUndefined()

    await gallery.ensureRange(5 * PAGE_SIZE + 10, 5 * PAGE_SIZE + 40)
    expect(list).toHaveBeenCalledTimes(2)
    expect(list.mock.calls[1]![0]).toMatchObject({ offset: 5 * PAGE_SIZE, limit: PAGE_SIZE })
    expect(gallery.itemAt(5 * PAGE_SIZE + 10)?.id).toBe(5 * PAGE_SIZE + 11)
  })

  it('does not fetch again when only the view changes', async () => {
    const list = vi.spyOn(adapterService, 'listAdapters').mockImplementation(pagedAdapters(3))
    const gallery = useGalleryStore()
    await gallery.setFilters(defaultFilters())
    await gallery.setFilters(defaultFilters())
    expect(list).toHaveBeenCalledTimes(1)
  })

  it('drops answers to filters that are no longer current', async () => {
    let release: (value: adapterService.AdapterPage) => void = () => {}
    vi.spyOn(adapterService, 'listAdapters')
      .mockImplementationOnce(() => new Promise((resolve) => (release = resolve)))
      .mockImplementationOnce(pagedAdapters(2))
    const gallery = useGalleryStore()
    const slow = gallery.setFilters({ ...defaultFilters(), q: 'old' })
    await gallery.setFilters({ ...defaultFilters(), q: 'new' })
    release({ items: [makeAdapter(99)], total: 1, limit: PAGE_SIZE, offset: 0 })
    await slow
    expect(gallery.total).toBe(2)
    expect(gallery.itemAt(0)?.id).toBe(1)
  })

  it('reports a failed load as a readable error', async () => {
    vi.spyOn(adapterService, 'listAdapters').mockRejectedValue(new Error('Cannot reach the LoRA Manager server'))
    const gallery = useGalleryStore()
    await gallery.setFilters(defaultFilters())
    expect(gallery.error).toBe('Cannot reach the LoRA Manager server')
    expect(gallery.loading).toBe(false)
  })

  it('returns the adapters between two positions, loading the pages in between', async () => {
    vi.spyOn(adapterService, 'listAdapters').mockImplementation(pagedAdapters(1000))
    const gallery = useGalleryStore()
    await gallery.setFilters(defaultFilters())
    const items = await gallery.itemsBetween(PAGE_SIZE + 5, PAGE_SIZE - 5)
    expect(items.map((a) => a.id)).toEqual(Array.from({ length: 11 }, (_, i) => PAGE_SIZE - 4 + i))
  })

  it('puts an edited adapter in place without reloading', async () => {
    vi.spyOn(adapterService, 'listAdapters').mockImplementation(pagedAdapters(3))
    const gallery = useGalleryStore()
    await gallery.setFilters(defaultFilters())
    gallery.replaceItem(makeAdapter(2, { name: 'Renamed' }))
    expect(gallery.itemAt(1)?.name).toBe('Renamed')
  })

  it('counts the facets again under the new filters', async () => {
    vi.spyOn(adapterService, 'listAdapters').mockImplementation(pagedAdapters(3))
    const gallery = useGalleryStore()
    await gallery.setFilters({ ...defaultFilters(), baseModels: ['Pony'] })
    expect(facetService.loadFacets).toHaveBeenLastCalledWith(expect.objectContaining({ base_model: ['Pony'] }))
  })
})
