// Deliveries (prompts sent to tools) and the other background jobs: list, cancel, retry.
import { api, call, type Schemas } from '@/api/http'

export type Delivery = Schemas['DeliveryPublic']
export type Job = Schemas['JobPublic']
export type JobStatus = Job['status']

export const STATUSES: JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled']
export const DELIVERY_KIND = 'delivery'
const KIND_LABELS: Record<string, string> = {
  scan: 'Folder scan',
  hash_extras: 'Extra hashes',
  civitai_sync: 'Civitai sync',
  delivery: 'Delivery',
}

export function isUnfinished(job: { status: JobStatus }): boolean {
  return job.status === 'queued' || job.status === 'running'
}

export const canCancel = isUnfinished
export function canRetry(delivery: Delivery): boolean {
  return delivery.status === 'failed' || delivery.status === 'cancelled'
}

export async function listDeliveries(status: JobStatus | null, limit = 50): Promise<{ items: Delivery[]; total: number }> {
  const query = status ? { status, limit } : { limit }
  const page = await call(api().GET('/api/v1/deliveries', { params: { query } }))
  return { items: page.items, total: page.total }
}

export function cancelDelivery(id: string): Promise<Delivery> {
  return call(api().POST('/api/v1/deliveries/{delivery_id}/cancel', { params: { path: { delivery_id: id } } }))
}

export function retryDelivery(id: string): Promise<Delivery> {
  return call(api().POST('/api/v1/deliveries/{delivery_id}/retry', { params: { path: { delivery_id: id } } }))
}

/** Recent jobs that are not deliveries (scans, Civitai syncs, …), newest first. */
export async function recentOtherJobs(limit = 10): Promise<Job[]> {
  const page = await call(api().GET('/api/v1/jobs', { params: { query: { limit: 50 } } }))
  return page.items.filter((job) => job.kind !== DELIVERY_KIND).slice(0, limit)
}

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/_/g, ' ')
}

/** Where a delivery went: its named target, else the URL or program. */
export function targetLabel(delivery: Delivery): string {
  const target = delivery.target
  return target.name ?? target.url ?? target.argv?.[0] ?? target.kind
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** One line about what the target answered (HTTP status, exit code, images made). */
export function resultSummary(delivery: Delivery): string {
  const result = delivery.result
  if (!result) return ''
  const parts: string[] = []
  const images = result.images
  if (Array.isArray(images)) parts.push(`${images.length} image${images.length === 1 ? '' : 's'}`)
  const status = num(result.status_code)
  if (status !== null) parts.push(`HTTP ${status}`)
  const exit = num(result.exit_code)
  if (exit !== null) parts.push(`exit code ${exit}`)
  const ms = num(result.elapsed_ms) ?? num(result.duration_ms)
  if (ms !== null) parts.push(ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`)
  return parts.join(' · ')
}
