import { fireEvent, render, screen, within } from '@testing-library/vue'
import { describe, expect, it } from 'vitest'
import type { Facets } from '../services/facetService'
import { defaultFilters } from '../services/libraryQuery'
import LibraryFilterSidebar from './LibraryFilterSidebar.vue'

const facets: Facets = {
  total: 3,
  base_model: [{ value: 'Pony', count: 2 }, { value: 'SD 1.5', count: 1 }],
  architecture: [{ value: 'sdxl', count: 3 }],
  network_type: [{ value: 'lora', count: 3 }],
  status: [{ value: 'ok', count: 2 }, { value: 'missing', count: 1 }],
  creator: [],
  tags: [],
  favorite: 0,
  active: 0,
  has_civitai: 0,
  update_available: 0,
}

describe('the filter sidebar', () => {
  it('lists base models with their counts, most common first', () => {
    render(LibraryFilterSidebar, { props: { filters: defaultFilters(), facets, open: false } })
    const group = screen.getByRole('group', { name: 'Base model' })
    const labels = within(group).getAllByRole('checkbox').map((box) => box.closest('label')?.textContent?.replace(/\s+/g, ' ').trim())
    expect(labels).toEqual(['Pony, 2 adapters', 'SD 1.5, 1 adapter'])
  })

  it('adds a value to the filter when ticked and keeps chosen values visible', async () => {
    const filters = { ...defaultFilters(), baseModels: ['Flux.1 D'] }
    const { emitted } = render(LibraryFilterSidebar, { props: { filters, facets, open: false } })
    const group = screen.getByRole('group', { name: 'Base model' })
    expect(within(group).getByRole('checkbox', { name: 'Flux.1 D' })).toHaveProperty('checked', true)
    await fireEvent.click(within(group).getByRole('checkbox', { name: /Pony/ }))
    expect(emitted().update).toEqual([[{ baseModels: ['Flux.1 D', 'Pony'] }]])
  })

  it('offers to clear the filters only when something is filtered', () => {
    render(LibraryFilterSidebar, { props: { filters: { ...defaultFilters(), favorite: true }, facets, open: false } })
    expect(screen.getByRole('button', { name: 'Clear all' })).toBeTruthy()
    expect(screen.getByRole('checkbox', { name: /^Favorites only/ })).toHaveProperty('checked', true)
  })
})
