import { screen } from '@testing-library/vue'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import * as adminService from '@/features/library-admin/services/libraryAdminService'
import { useRuntimeSettingsStore } from '@/features/runtime-settings/stores/runtimeSettings'
import { renderScreen } from '@/test/render'
import LibraryEmptyState from './LibraryEmptyState.vue'

function serverOffering(endpoints: string[]) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useRuntimeSettingsStore().settings = { api_base: '', auth_required: false, version: '0.1.0', endpoints }
  return pinia
}

describe('the empty library', () => {
  it('asks for a folder when there is none yet', async () => {
    const pinia = serverOffering([adminService.ROOTS_ENDPOINT, adminService.SCAN_ENDPOINT])
    vi.spyOn(adminService, 'listRoots').mockResolvedValue([])
    renderScreen(LibraryEmptyState, { pinia, props: { filtered: false } })
    expect(await screen.findByRole('heading', { name: 'No library folders yet' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Add a folder' }).getAttribute('href')).toBe('/admin')
  })

  it('offers a scan when folders exist but nothing was found yet', async () => {
    const pinia = serverOffering([adminService.ROOTS_ENDPOINT, adminService.SCAN_ENDPOINT])
    vi.spyOn(adminService, 'listRoots').mockResolvedValue([
      { id: 1, path: '/loras', label: null, source: 'database', online: true, last_scanned_at: null, adapters: {} },
    ])
    renderScreen(LibraryEmptyState, { pinia, props: { filtered: false } })
    expect(await screen.findByRole('button', { name: 'Scan now' })).toBeTruthy()
  })

  it('offers to clear the filters when they hide everything', () => {
    const pinia = serverOffering([])
    const { emitted } = renderScreen(LibraryEmptyState, { pinia, props: { filtered: true } })
    screen.getByRole('button', { name: 'Clear filters' }).click()
    expect(emitted().clear).toHaveLength(1)
  })
})
