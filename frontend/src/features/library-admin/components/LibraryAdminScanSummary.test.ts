import { render, screen, within } from '@testing-library/vue'
import { describe, expect, it } from 'vitest'
import type { Job } from '../services/libraryAdminService'
import LibraryAdminScanSummary from './LibraryAdminScanSummary.vue'

function finished(result: Record<string, unknown>): Job {
  return { id: 'j1', kind: 'scan', status: 'succeeded', attempts: 1, max_attempts: 1, created_at: '', updated_at: '', finished_at: '2026-11-29T08:00:00Z', result }
}

describe('the last scan summary', () => {
  it('counts what changed and names every file it could not read, left out or warned about', () => {
    render(LibraryAdminScanSummary, {
      props: {
        job: finished({
          added: 2, updated: 1, moved: 0, missing: 0, unchanged: 5, duplicates: 0, duration_s: 0.4,
          errors: [{ path: '/loras/broken.safetensors', reason: 'header length exceeds the file size' }],
          skipped: [{ path: '/loras/model.safetensors', reason: 'a full checkpoint, not an adapter' }, { path: '/loras/vae.safetensors', reason: 'a VAE' }],
          warnings: [{ path: '/loras/old.safetensors', reason: 'embedded tensor hash is stale' }],
        }),
      },
    })
    expect(screen.getByText('Added').nextElementSibling?.textContent).toBe('2')
    const unreadable = screen.getByRole('list', { name: '1 file could not be read' })
    expect(within(unreadable).getByRole('listitem').textContent).toContain('header length exceeds the file size')
    expect(within(screen.getByRole('list', { name: '2 files left out (not LoRA adapters)' })).getAllByRole('listitem')).toHaveLength(2)
    expect(screen.getByRole('list', { name: '1 warning' }).textContent).toContain('stale')
  })

  it('shows no lists for a clean scan', () => {
    render(LibraryAdminScanSummary, { props: { job: finished({ added: 1 }) } })
    expect(screen.queryByRole('list')).toBeNull()
    expect(screen.getByRole('heading', { name: 'Last scan' })).toBeTruthy()
  })
})
