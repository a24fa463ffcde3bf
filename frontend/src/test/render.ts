// Render a component with a fresh Pinia and a memory router, as the app would.
import { render, type RenderOptions } from '@testing-library/vue'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Component } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'

export function makeTestRouter() {
  return createRouter({ history: createMemoryHistory(), routes: [{ path: '/:path(.*)*', component: { render: () => null } }] })
}

export function renderScreen<C extends Component>(component: C, options: RenderOptions<C> & { pinia?: Pinia } = {}) {
  const pinia = options.pinia ?? createPinia()
  setActivePinia(pinia)
  const router = makeTestRouter()
  const result = render(component, { ...options, global: { ...options.global, plugins: [pinia, router, ...(options.global?.plugins ?? [])] } })
  return { ...result, pinia, router }
}
