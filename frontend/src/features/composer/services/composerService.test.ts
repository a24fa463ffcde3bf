import { describe, expect, it, vi } from 'vitest'
import { makeAdapter } from '@/test/adapters'
import * as detail from '@/features/adapter-detail/services/adapterDetailService'
import { moved, saveOrder } from './composerService'

describe('reordering the active stack', () => {
  it('moves one item and keeps the rest in order', () => {
    expect(moved(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c'])
    expect(moved(['a', 'b'], 0, 9)).toEqual(['b', 'a'])
  })

  it('saves a new ordinal only for adapters whose position changed', async () => {
    const activate = vi.spyOn(detail, 'activateAdapter').mockImplementation(async (id, _w, ordinal) => makeAdapter(id, { ordinal: ordinal ?? null, active: true }))
    const [a, b, c] = [makeAdapter(1), makeAdapter(2), makeAdapter(3)]
    const saved = await saveOrder([a, b, c], [a, c, b])
    expect(activate.mock.calls).toEqual([[3, undefined, 1], [2, undefined, 2]])
    expect(saved.map((x) => x.id)).toEqual([1, 3, 2])
  })
})
