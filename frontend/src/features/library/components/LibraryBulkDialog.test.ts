import { screen } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { pagedAdapters } from '@/test/adapters'
import { renderScreen } from '@/test/render'
import * as adapterService from '../services/adapterService'
import { defaultFilters } from '../services/libraryQuery'
import { useGalleryStore } from '../stores/gallery'
import { useLibrarySelectionStore } from '../stores/selection'
import LibraryBulkDialog from './LibraryBulkDialog.vue'

async function setup() {
  const pinia = createPinia()
  setActivePinia(pinia)
  vi.spyOn(adapterService, 'listAdapters').mockImplementation(pagedAdapters(5))
  await useGalleryStore().setFilters(defaultFilters())
  useLibrarySelectionStore().select([1, 2])
  return pinia
}

describe('the bulk dialog', () => {
  it('asks first, then shows what happened to each adapter', async () => {
    const pinia = await setup()
    const run = vi.spyOn(adapterService, 'runBulkAction').mockResolvedValue({
      action: 'activate',
      succeeded: 1,
      failed: 1,
      results: [
        { id: 1, ok: true },
        { id: 2, ok: false, error: 'Adapter 2 does not exist.' },
      ],
    })
    renderScreen(LibraryBulkDialog, { pinia, props: { action: 'activate' } })
    expect(screen.getByRole('dialog', { name: 'Activate 2 adapters?' })).toBeTruthy()
    await userEvent.setup().click(screen.getByRole('button', { name: 'Activate' }))
    expect(run).toHaveBeenCalledWith('activate', [1, 2], undefined)
    expect(await screen.findByText('1 succeeded, 1 failed.')).toBeTruthy()
    expect(screen.getByRole('listitem').textContent).toBe('Adapter 2: Adapter 2 does not exist.')
  })

  it('needs tags before it can add any', async () => {
    const pinia = await setup()
    const run = vi.spyOn(adapterService, 'runBulkAction').mockResolvedValue({ action: 'add_tags', succeeded: 2, failed: 0, results: [] })
    const { emitted } = renderScreen(LibraryBulkDialog, { pinia, props: { action: 'add_tags' } })
    const confirm = screen.getByRole('button', { name: 'Add tags to' })
    expect((confirm as HTMLButtonElement).disabled).toBe(true)
    const user = userEvent.setup()
    await user.type(screen.getByRole('textbox', { name: /Tags/ }), 'style, ink ')
    await user.click(confirm)
    expect(run).toHaveBeenCalledWith('add_tags', [1, 2], ['style', 'ink'])
    expect(emitted().close).toBeTruthy()
  })

  it('warns that forgetting keeps the files', async () => {
    const pinia = await setup()
    renderScreen(LibraryBulkDialog, { pinia, props: { action: 'delete' } })
    expect(screen.getByRole('dialog', { name: 'Forget 2 adapters?' }).textContent).toContain('The files stay on disk')
  })
})
