import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useLibrarySelectionStore } from './selection'

beforeEach(() => setActivePinia(createPinia()))

describe('the selection', () => {
  it('toggles single adapters and remembers where the range starts', () => {
    const selection = useLibrarySelectionStore()
    selection.toggle(7, 3)
    selection.toggle(9, 5)
    selection.toggle(7, 3)
    expect(selection.resolve([])).toEqual([9])
    expect(selection.anchor).toBe(3)
    expect(selection.count(100)).toBe(1)
  })

  it('selects all matching adapters except the ones unticked afterwards', () => {
    const selection = useLibrarySelectionStore()
    selection.selectAllMatching()
    selection.toggle(2, 1)
    expect(selection.count(5)).toBe(4)
    expect(selection.isSelected(2)).toBe(false)
    expect(selection.isSelected(3)).toBe(true)
    expect(selection.resolve([1, 2, 3, 4, 5])).toEqual([1, 3, 4, 5])
  })

  it('clears everything', () => {
    const selection = useLibrarySelectionStore()
    selection.select([1, 2, 3])
    selection.clear()
    expect(selection.count(10)).toBe(0)
    expect(selection.anchor).toBeNull()
  })
})
