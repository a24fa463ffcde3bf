import { render, screen } from '@testing-library/vue'
import { describe, expect, it } from 'vitest'
import { makeAdapter } from '@/test/adapters'
import AdapterDetailCivitaiTab from './AdapterDetailCivitaiTab.vue'

describe('the Civitai tab', () => {
  it('shows the model Civitai knows, with a link to it', () => {
    const adapter = makeAdapter(1, { civitai_status: 'found', civitai_model_id: 42, civitai_version_id: 7, civitai: { model_name: 'Ink Wash' } })
    render(AdapterDetailCivitaiTab, { props: { adapter } })
    expect(screen.getByText('Ink Wash')).toBeTruthy()
    expect(screen.getByRole('link', { name: /Open on Civitai/ }).getAttribute('href')).toBe('https://civitai.com/models/42?modelVersionId=7')
  })

  it('says plainly when Civitai was asked and does not know the file', () => {
    const adapter = makeAdapter(1, { civitai_status: 'not_found', civitai: { source: 'civitai', not_found: true, checked_at: '2026-01-01T00:00:00+00:00' } })
    render(AdapterDetailCivitaiTab, { props: { adapter } })
    expect(screen.getByText(/Not on Civitai/)).toBeTruthy()
    expect(screen.queryByRole('link', { name: /Open on Civitai/ })).toBeNull()
  })
})
