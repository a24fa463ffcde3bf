import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { configureApi } from '@/api/http'
import ToastsList from '@/features/toasts/components/ToastsList.vue'
import { makeAdapter } from '@/test/adapters'
import { renderScreen } from '@/test/render'
import { useAdapterDetailStore } from '../stores/adapterDetail'
import AdapterDetailCivitaiRefresh from './AdapterDetailCivitaiRefresh.vue'

const DetailWithToasts = defineComponent(() => () => [h(AdapterDetailCivitaiRefresh), h(ToastsList)])

function serverAnswering(answer: (request: Request) => Promise<Response>) {
  const fetch = vi.fn(answer)
  configureApi({ baseUrl: 'http://lm.test', apiKey: () => null, fetch: fetch as unknown as typeof globalThis.fetch })
  return fetch
}

function withAdapterLoaded() {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAdapterDetailStore().adapter = makeAdapter(7, { base_model: null, trained_words: [] })
  return pinia
}

afterEach(() => configureApi({ baseUrl: '', apiKey: () => null }))

describe('refreshing an adapter from Civitai', () => {
  it('shows that Civitai is being asked, then the found adapter and a confirmation', async () => {
    let answer: (response: Response) => void = () => {}
    const fetch = serverAnswering(() => new Promise((resolve) => (answer = resolve)))
    const pinia = withAdapterLoaded()
    renderScreen(DetailWithToasts, { pinia })
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Refresh from Civitai' }))

    expect(screen.getByRole('status').textContent).toContain('Asking Civitai')
    expect(screen.getByRole('button', { name: 'Refresh from Civitai' })).toHaveProperty('disabled', true)
    const request = fetch.mock.calls[0]![0]
    expect(request.method).toBe('POST')
    expect(request.url).toBe('http://lm.test/api/v1/adapters/7/civitai/refresh')

    answer(Response.json(makeAdapter(7, { civitai_status: 'found', base_model: 'Pony', trained_words: ['inkwash'] })))
    expect((await screen.findByText(/Found on Civitai/)).closest('[role="status"]')).toBeTruthy()
    expect(useAdapterDetailStore().adapter).toMatchObject({ base_model: 'Pony', trained_words: ['inkwash'] })
    expect(screen.getByRole('button', { name: 'Refresh from Civitai' })).toHaveProperty('disabled', false)
  })

  it('says so when Civitai does not know the file', async () => {
    serverAnswering(async () => Response.json(makeAdapter(7, { civitai_status: 'not_found' })))
    renderScreen(DetailWithToasts, { pinia: withAdapterLoaded() })
    await userEvent.setup().click(screen.getByRole('button', { name: 'Refresh from Civitai' }))
    expect(await screen.findByText(/Not on Civitai/)).toBeTruthy()
  })

  it('shows the server’s explanation when Civitai cannot be reached', async () => {
    const problem = { type: '/problems/civitai-unreachable', title: 'Service Unavailable', status: 503, detail: 'Civitai cannot be reached (offline).' }
    serverAnswering(async () => new Response(JSON.stringify(problem), { status: 503, headers: { 'Content-Type': 'application/problem+json' } }))
    renderScreen(DetailWithToasts, { pinia: withAdapterLoaded() })
    await userEvent.setup().click(screen.getByRole('button', { name: 'Refresh from Civitai' }))
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Civitai cannot be reached (offline).'))
    expect(useAdapterDetailStore().adapter?.base_model).toBeNull()
  })
})
