import { screen, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { pagedAdapters } from '@/test/adapters'
import { renderScreen } from '@/test/render'
import * as adapterService from '../services/adapterService'
import { defaultFilters } from '../services/libraryQuery'
import { useGalleryStore } from '../stores/gallery'
import { useLibrarySelectionStore } from '../stores/selection'
import LibraryAdapterGrid from './LibraryAdapterGrid.vue'

// jsdom lays nothing out: give the scroller a size so the virtualizer shows rows.
const sizes = { clientWidth: 1000, clientHeight: 600 }
const saved = Object.fromEntries(Object.keys(sizes).map((k) => [k, Object.getOwnPropertyDescriptor(Element.prototype, k)]))
beforeAll(() => {
  for (const [key, value] of Object.entries(sizes)) Object.defineProperty(Element.prototype, key, { configurable: true, get: () => value })
})
afterAll(() => {
  for (const [key, descriptor] of Object.entries(saved)) if (descriptor) Object.defineProperty(Element.prototype, key, descriptor)
})

async function renderGrid(total: number) {
  const pinia = createPinia()
  setActivePinia(pinia)
  vi.spyOn(adapterService, 'listAdapters').mockImplementation(pagedAdapters(total))
  await useGalleryStore().setFilters(defaultFilters())
  const view = renderScreen(LibraryAdapterGrid, { pinia, props: { view: 'grid', total } })
  return view
}

describe('the virtual adapter grid', () => {
  it('renders only the rows in view, however many adapters match', async () => {
    await renderGrid(10_000)
    const grid = screen.getByRole('listbox', { name: 'Adapters' })
    const options = await within(grid).findAllByRole('option')
    expect(options.length).toBeGreaterThan(0)
    expect(options.length).toBeLessThan(60)
    expect(options[0]).toHaveProperty('ariaLabel', 'Adapter 1')
    expect(options[0]!.getAttribute('aria-setsize')).toBe('10000')
  })

  it('ticks adapters with their selection box and selects a range with shift', async () => {
    await renderGrid(30)
    const user = userEvent.setup()
    const options = await screen.findAllByRole('option')
    await user.click(options[1]!.querySelector('[data-role="check"]')!)
    await user.keyboard('{Shift>}')
    await user.click(options[4]!)
    await user.keyboard('{/Shift}')
    expect(useLibrarySelectionStore().resolve([]).sort((a, b) => a - b)).toEqual([2, 3, 4, 5])
    expect(screen.getByRole('option', { name: 'Adapter 3' }).getAttribute('aria-selected')).toBe('true')
  })

  it('opens an adapter on a plain click', async () => {
    const { emitted } = await renderGrid(5)
    await userEvent.setup().click(await screen.findByRole('option', { name: 'Adapter 2' }))
    expect(emitted().open?.[0]).toEqual([expect.objectContaining({ id: 2 })])
  })
})
