import { render, screen } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { Job } from '../services/libraryAdminService'
import LibraryAdminScan from './LibraryAdminScan.vue'

function job(overrides: Partial<Job>): Job {
  return { id: 'j1', kind: 'scan', status: 'running', attempts: 1, max_attempts: 1, created_at: '', updated_at: '', ...overrides }
}

describe('the scan progress', () => {
  it('shows how far the scan is, by bytes read', () => {
    render(LibraryAdminScan, {
      props: { job: job({ progress: { phase: 'reading', files_done: 3, files_total: 10, bytes_done: 512, bytes_total: 1024, current: '/loras/a.safetensors' } }) },
    })
    const bar = screen.getByRole('progressbar', { name: 'Scan progress' })
    expect(bar.getAttribute('aria-valuenow')).toBe('50')
    expect(screen.getByRole('region', { name: /Scan running/ }).textContent).toContain('3 / 10 files')
  })

  it('offers to cancel a running scan, and not a finished one', async () => {
    const { emitted, rerender } = render(LibraryAdminScan, { props: { job: job({}) } })
    await userEvent.setup().click(screen.getByRole('button', { name: 'Cancel scan' }))
    expect(emitted().cancel).toHaveLength(1)
    await rerender({ job: job({ status: 'succeeded' }) })
    expect(screen.queryByRole('button', { name: 'Cancel scan' })).toBeNull()
  })
})
