import { listAdapters } from '@/features/library/services/adapterService'
import type { AdapterQuery } from '@/features/library/services/libraryQuery'

export interface LibraryCounts {
  total: number
  active: number
  favorites: number
  missing: number
  offline: number
}

async function count(query: AdapterQuery): Promise<number> {
  return (await listAdapters({ ...query, limit: 1 })).total
}

/** Headline numbers, one cheap count query each. */
export async function libraryCounts(): Promise<LibraryCounts> {
  const [total, active, favorites, missing, offline] = await Promise.all([
    count({}),
    count({ active: true }),
    count({ favorite: true }),
    count({ status: ['missing'] }),
    count({ status: ['offline'] }),
  ])
  return { total, active, favorites, missing, offline }
}
