import { screen, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { configureApi } from '@/api/http'
import ToastsList from '@/features/toasts/components/ToastsList.vue'
import { makeDelivery, makeJob } from '@/test/deliveries'
import { renderScreen } from '@/test/render'
import type { Delivery, Job } from '../services/jobsService'
import JobsView from './JobsView.vue'

/** A fake server holding these deliveries and jobs; cancel and retry change them. */
function serverWith(deliveries: Delivery[], jobs: Job[] = []) {
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url)
    const action = url.pathname.match(/^\/api\/v1\/deliveries\/([^/]+)\/(cancel|retry)$/)
    if (request.method === 'POST' && action) {
      const [, id, verb] = action
      const index = deliveries.findIndex((d) => d.id === id)
      const status = verb === 'cancel' ? 'cancelled' : 'queued'
      deliveries[index] = { ...deliveries[index]!, status, error: null }
      return Response.json(deliveries[index], { status: verb === 'retry' ? 202 : 200 })
    }
    if (url.pathname === '/api/v1/deliveries') {
      const status = url.searchParams.get('status')
      const items = deliveries.filter((d) => !status || d.status === status)
      return Response.json({ items, total: items.length, limit: 50, offset: 0 })
    }
    if (url.pathname === '/api/v1/jobs') return Response.json({ items: jobs, total: jobs.length, limit: 50, offset: 0 })
    return Response.json({ type: 'about:blank', title: 'Not Found', status: 404 }, { status: 404 })
  })
  configureApi({ baseUrl: 'http://lm.test', apiKey: () => null, fetch: fetch as unknown as typeof globalThis.fetch })
  return fetch
}

const JobsWithToasts = defineComponent(() => () => [h(JobsView), h(ToastsList)])

afterEach(() => configureApi({ baseUrl: '', apiKey: () => null }))

describe('the jobs screen', () => {
  it('explains where deliveries come from when there are none', async () => {
    serverWith([])
    renderScreen(JobsView)
    expect(await screen.findByRole('heading', { name: 'No deliveries yet' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Open the Composer' }).getAttribute('href')).toBe('/composer')
  })

  it('lists deliveries with their target, attempts and outcome', async () => {
    serverWith([
      makeDelivery('d1', { status: 'succeeded', result: { images: [{}] } }),
      makeDelivery('d2', { status: 'failed', attempts: 3, error: 'SD.Next answered 500', target: { name: 'hook', kind: 'http' } }),
    ])
    renderScreen(JobsView)
    const table = await screen.findByRole('table')
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((row) => within(row).getAllByRole('cell')[1]!.textContent)).toEqual([expect.stringContaining('sdnext'), expect.stringContaining('hook')])
    expect(rows[0]!.textContent).toContain('1 image')
    expect(rows[1]!.textContent).toContain('3 / 3')
    expect(rows[1]!.textContent).toContain('SD.Next answered 500')
  })

  it('retries a failed delivery and cancels a queued one', async () => {
    const fetch = serverWith([makeDelivery('d1', { status: 'failed', error: 'timed out' }), makeDelivery('d2', { status: 'queued', target: { name: 'hook', kind: 'http' } })])
    renderScreen(JobsWithToasts)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: /^Retry the delivery to sdnext/ }))
    expect(await screen.findByText('Delivery queued again.')).toBeTruthy()
    await user.click(screen.getAllByRole('button', { name: /^Cancel the delivery to hook/ })[0]!)
    expect(await screen.findByText('Delivery cancelled.')).toBeTruthy()
    const posts = fetch.mock.calls.map((c) => c[0]).filter((r) => r.method === 'POST').map((r) => new URL(r.url).pathname)
    expect(posts).toEqual(['/api/v1/deliveries/d1/retry', '/api/v1/deliveries/d2/cancel'])
  })

  it('filters by status', async () => {
    serverWith([makeDelivery('d1', { status: 'succeeded' }), makeDelivery('d2', { status: 'cancelled', target: { name: 'hook', kind: 'http' } })])
    renderScreen(JobsView)
    await screen.findByRole('table')
    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'cancelled')
    await vi.waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2))
    expect(screen.getByRole('table').textContent).toContain('hook')
  })

  it('shows recent scans and Civitai syncs too', async () => {
    serverWith([], [makeJob('s1', { kind: 'scan' }), makeJob('c1', { kind: 'civitai_sync', status: 'failed', error: 'Civitai is offline' })])
    renderScreen(JobsView)
    const section = await screen.findByRole('region', { name: 'Scans and syncs' })
    expect(section.textContent).toContain('Folder scan')
    expect(section.textContent).toContain('Civitai is offline')
  })
})
