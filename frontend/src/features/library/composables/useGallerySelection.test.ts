import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { pagedAdapters } from '@/test/adapters'
import * as adapterService from '../services/adapterService'
import { defaultFilters } from '../services/libraryQuery'
import { useGalleryStore } from '../stores/gallery'
import { useLibrarySelectionStore } from '../stores/selection'
import { useGallerySelection } from './useGallerySelection'

beforeEach(async () => {
  setActivePinia(createPinia())
  vi.spyOn(adapterService, 'listAdapters').mockImplementation(pagedAdapters(50))
  await useGalleryStore().setFilters(defaultFilters())
})

describe('clicking gallery items', () => {
  it('opens an adapter with a plain click when nothing is selected', async () => {
    const open = vi.fn()
    const { choose } = useGallerySelection(open)
    await choose(3, { shift: false, toggle: false })
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ id: 4 }))
  })

  it('selects a range with shift-click from the last ticked adapter', async () => {
    const open = vi.fn()
    const { choose } = useGallerySelection(open)
    const selection = useLibrarySelectionStore()
    await choose(2, { shift: false, toggle: true })
    await choose(6, { shift: true, toggle: false })
    expect(selection.resolve([]).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7])
    expect(open).not.toHaveBeenCalled()
  })

  it('toggles instead of opening once something is selected', async () => {
    const open = vi.fn()
    const { choose } = useGallerySelection(open)
    const selection = useLibrarySelectionStore()
    await choose(0, { shift: false, toggle: true })
    await choose(1, { shift: false, toggle: false })
    expect(selection.resolve([]).sort()).toEqual([1, 2])
    expect(open).not.toHaveBeenCalled()
  })
})
