import { api, apiUrl, call, type Schemas } from '@/api/http'
import type { AdapterQuery } from './libraryQuery'

export type Adapter = Schemas['AdapterPublic']
export type AdapterPage = Schemas['AdapterList']
export type BulkAction = Schemas['BulkRequest']['action']
export type BulkResult = Schemas['BulkResult']

export const MAX_PAGE = 500
const MAX_BULK = 10_000

export function listAdapters(query: AdapterQuery): Promise<AdapterPage> {
  return call(api().GET('/api/v1/adapters', { params: { query } }))
}

/** Every id matching a query (for "select all matching"), page by page. */
export async function collectIds(query: AdapterQuery): Promise<number[]> {
  const ids: number[] = []
  for (let offset = 0; ; offset += MAX_PAGE) {
    const page = await listAdapters({ ...query, limit: MAX_PAGE, offset })
    ids.push(...page.items.map((item) => item.id))
    if (page.items.length < MAX_PAGE || ids.length >= page.total) return ids
  }
}

/** Run one bulk action over any number of ids (the server takes 10,000 at a time). */
export async function runBulkAction(action: BulkAction, ids: number[], tags?: string[]): Promise<BulkResult> {
  const merged: BulkResult = { action, succeeded: 0, failed: 0, results: [] }
  for (let start = 0; start < ids.length; start += MAX_BULK) {
    const chunk = ids.slice(start, start + MAX_BULK)
    const body: Schemas['BulkRequest'] = { action, ids: chunk, ...(tags ? { tags } : {}) }
    const result = await call(api().POST('/api/v1/adapters/bulk', { body }))
    merged.succeeded += result.succeeded
    merged.failed += result.failed
    merged.results.push(...result.results)
  }
  return merged
}

/** URL of an adapter's preview thumbnail (256 or 512 px WebP) or original file. */
export function previewSrc(adapter: Pick<Adapter, 'preview_url'>, size: '256' | '512' | 'original'): string | null {
  if (!adapter.preview_url) return null
  const joiner = adapter.preview_url.includes('?') ? '&' : '?'
  return apiUrl(`${adapter.preview_url}${joiner}size=${size}`)
}
