import { api, call, type Schemas } from '@/api/http'

export type LibraryRoot = Schemas['RootPublic']
export type Job = Schemas['JobPublic']
export type ScanRequest = Schemas['ScanRequest']

export const ROOTS_ENDPOINT = 'GET /api/v1/library/roots'
export const SCAN_ENDPOINT = 'POST /api/v1/library/scan'
export const JOBS_ENDPOINT = 'GET /api/v1/jobs'

export function listRoots(): Promise<LibraryRoot[]> {
  return call(api().GET('/api/v1/library/roots'))
}

export function addRoot(path: string, label?: string): Promise<LibraryRoot> {
  return call(api().POST('/api/v1/library/roots', { body: { path, ...(label ? { label } : {}) } }))
}

export async function removeRoot(id: number): Promise<void> {
  await call(api().DELETE('/api/v1/library/roots/{root_id}', { params: { path: { root_id: id } } }))
}

export function startScan(request: ScanRequest = {}): Promise<Job> {
  return call(api().POST('/api/v1/library/scan', { body: request }))
}

export function getJob(id: string): Promise<Job> {
  return call(api().GET('/api/v1/jobs/{job_id}', { params: { path: { job_id: id } } }))
}

export function cancelJob(id: string): Promise<Job> {
  return call(api().POST('/api/v1/jobs/{job_id}/cancel', { params: { path: { job_id: id } } }))
}

export async function recentJobs(kind?: string, limit = 10): Promise<Job[]> {
  const page = await call(api().GET('/api/v1/jobs', { params: { query: { limit, ...(kind ? { kind } : {}) } } }))
  return page.items
}

export const FINISHED: ReadonlySet<Job['status']> = new Set(['succeeded', 'failed', 'cancelled'])

export interface ScanProgress {
  phase?: string
  files_done?: number
  files_total?: number
  bytes_done?: number
  bytes_total?: number
  current?: string | null
}

export interface FileNote {
  path: string
  reason: string
}

export interface ScanSummary {
  added: number
  updated: number
  moved: number
  missing: number
  unchanged: number
  duplicates: number
  offline?: number
  errors: FileNote[]
  /** Files that are not adapters (checkpoints, VAEs), left out on purpose. */
  skipped: FileNote[]
  /** Read fine, with something to know (a stale embedded hash, …). */
  warnings: FileNote[]
  duration_s?: number
  dry_run?: boolean
}

export function scanProgress(job: Job): ScanProgress {
  return (job.progress ?? {}) as ScanProgress
}

export function scanSummary(job: Job): ScanSummary | null {
  const result = job.result as Partial<ScanSummary> | null | undefined
  if (!result || typeof result.added !== 'number') return null
  return { errors: [], skipped: [], warnings: [], updated: 0, moved: 0, missing: 0, unchanged: 0, duplicates: 0, ...result } as ScanSummary
}

/** 0–100, from bytes when known (hashing dominates), else from files. */
export function progressPercent(progress: ScanProgress): number | null {
  if (progress.bytes_total) return Math.min(100, Math.round((100 * (progress.bytes_done ?? 0)) / progress.bytes_total))
  if (progress.files_total) return Math.min(100, Math.round((100 * (progress.files_done ?? 0)) / progress.files_total))
  return null
}
