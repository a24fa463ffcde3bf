import { describe, expect, it } from 'vitest'
import type { Job } from './libraryAdminService'
import { syncPercent, syncSummary } from './civitaiSyncService'

function job(overrides: Partial<Job>): Job {
  return { id: 'j', kind: 'civitai_sync', status: 'succeeded', attempts: 1, max_attempts: 1, created_at: '', updated_at: '', ...overrides }
}

describe('a Civitai sync', () => {
  it('counts progress over the adapters due', () => {
    expect(syncPercent({ total: 8, done: 2 })).toBe(25)
    expect(syncPercent({ phase: 'selecting', total: 0 })).toBeNull()
  })

  it('reads its report, a failed one included, and nothing from a job without one', () => {
    const report = job({ status: 'failed', result: { found: 0, not_found: 0, errors: 2, skipped: 0, offline: true, message: 'no network', results: [] } })
    expect(syncSummary(report)).toMatchObject({ errors: 2, offline: true, message: 'no network' })
    expect(syncSummary(job({ result: null }))).toBeNull()
  })
})
