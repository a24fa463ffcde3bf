import { screen, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { configureApi } from '@/api/http'
import { renderScreen } from '@/test/render'
import type { Job } from '../services/libraryAdminService'
import LibraryAdminCivitaiSync from './LibraryAdminCivitaiSync.vue'

function job(overrides: Partial<Job> = {}): Job {
  return { id: 'sync-1', kind: 'civitai_sync', status: 'running', attempts: 1, max_attempts: 1, created_at: '2026-01-01T00:00:00+00:00', updated_at: '', ...overrides }
}

/** A fake server: no earlier sync, then the answers given per request. */
function serverWith(routes: Record<string, (request: Request) => unknown>) {
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url)
    const key = `${request.method} ${url.pathname}`
    const route = routes[key]
    if (!route) return Response.json({ type: 'about:blank', title: 'Not Found', status: 404 }, { status: 404 })
    return Response.json(route(request), { status: request.method === 'POST' ? 202 : 200 })
  })
  configureApi({ baseUrl: 'http://lm.test', apiKey: () => null, fetch: fetch as unknown as typeof globalThis.fetch })
  return fetch
}

afterEach(() => configureApi({ baseUrl: '', apiKey: () => null }))

describe('the Civitai sync panel', () => {
  it('starts a sync with the chosen options and shows its progress', async () => {
    const fetch = serverWith({
      'GET /api/v1/jobs': () => ({ items: [], total: 0, limit: 1, offset: 0 }),
      'POST /api/v1/civitai/sync': () => job({ progress: { phase: 'matching', total: 10, done: 4, found: 3, not_found: 1, errors: 0 } }),
      'GET /api/v1/jobs/sync-1': () => job({ progress: { phase: 'matching', total: 10, done: 4, found: 3, not_found: 1, errors: 0 } }),
    })
    renderScreen(LibraryAdminCivitaiSync)
    const user = userEvent.setup()
    await user.click(screen.getByRole('checkbox', { name: 'Only adapters never looked up' }))
    await user.click(screen.getByRole('button', { name: 'Sync with Civitai' }))

    const bar = await screen.findByRole('progressbar', { name: 'Civitai sync progress' })
    expect(bar.getAttribute('aria-valuenow')).toBe('40')
    const panel = screen.getByRole('region', { name: 'Sync with Civitai' })
    expect(panel.textContent).toContain('4 / 10 adapters')
    expect(panel.textContent).toContain('3 found, 1 not on Civitai, 0 failed')
    expect(screen.getByRole('button', { name: 'Sync with Civitai' })).toHaveProperty('disabled', true)
    const post = fetch.mock.calls.map((c) => c[0]).find((r) => r.method === 'POST')!
    expect(await post.json()).toEqual({ only_missing: true, force: false })
  })

  it('shows what the last sync found, and the adapters it could not look up', async () => {
    const result = { found: 5, not_found: 2, errors: 1, skipped: 0, offline: false, message: null, duration_s: 3.2, results: [{ id: 9, outcome: 'error', reason: 'Civitai answered 500' }] }
    serverWith({
      'GET /api/v1/jobs': () => ({ items: [job({ status: 'succeeded', result, finished_at: '2026-01-01T00:01:00+00:00' })], total: 1, limit: 1, offset: 0 }),
    })
    renderScreen(LibraryAdminCivitaiSync)
    const summary = await screen.findByRole('region', { name: 'Last Civitai sync' })
    const counts = within(summary).getAllByRole('term').map((term) => `${term.textContent} ${term.nextElementSibling?.textContent}`)
    expect(counts).toEqual(['Found 5', 'Not on Civitai 2', 'Failed 1', 'Skipped 0'])
    expect(within(summary).getByRole('link', { name: 'Adapter 9' }).getAttribute('href')).toBe('/adapters/9')
    expect(summary.textContent).toContain('Civitai answered 500')
  })
})
