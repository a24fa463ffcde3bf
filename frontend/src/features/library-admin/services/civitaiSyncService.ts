// The Civitai sync job: start it, read its progress and its report.
import { api, call, type Schemas } from '@/api/http'
import type { Job } from './libraryAdminService'

export type SyncRequest = Schemas['SyncRequest']
export const SYNC_KIND = 'civitai_sync'

/** What a running sync reports (civitai/service.py SyncProgress). */
export interface SyncProgress {
  phase?: string
  total?: number
  done?: number
  found?: number
  not_found?: number
  errors?: number
  skipped?: number
}

/** One adapter's line of the report. */
export interface SyncOutcome {
  id: number
  outcome: 'found' | 'not_found' | 'error' | 'skipped'
  reason?: string
}

/** What a finished sync did (civitai/service.py SyncReport). */
export interface SyncSummary {
  found: number
  not_found: number
  errors: number
  skipped: number
  offline: boolean
  message: string | null
  duration_s?: number
  results: SyncOutcome[]
}

export function startCivitaiSync(request: SyncRequest = {}): Promise<Job> {
  return call(api().POST('/api/v1/civitai/sync', { body: request }))
}

export function syncProgress(job: Job): SyncProgress {
  return (job.progress ?? {}) as SyncProgress
}

/** The report of a finished sync; a failed sync keeps its report too. */
export function syncSummary(job: Job): SyncSummary | null {
  const result = job.result as Partial<SyncSummary> | null | undefined
  if (!result || typeof result.found !== 'number') return null
  return { not_found: 0, errors: 0, skipped: 0, offline: false, message: null, results: [], ...result } as SyncSummary
}

/** 0–100 over the adapters due, or null while they are being selected. */
export function syncPercent(progress: SyncProgress): number | null {
  if (!progress.total) return null
  return Math.min(100, Math.round((100 * (progress.done ?? 0)) / progress.total))
}
