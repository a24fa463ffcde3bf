import { fireEvent, render, screen } from '@testing-library/vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defaultFilters } from '../services/libraryQuery'
import LibraryToolbar from './LibraryToolbar.vue'

afterEach(() => vi.useRealTimers())

describe('the library toolbar', () => {
  it('searches once typing pauses, not on every key', async () => {
    vi.useFakeTimers()
    const { emitted } = render(LibraryToolbar, { props: { filters: defaultFilters(), view: 'grid', total: 12 } })
    const box = screen.getByRole('searchbox', { name: 'Search adapters' })
    for (const text of ['s', 'su', 'sum', 'sumi']) await fireEvent.update(box, text)
    vi.advanceTimersByTime(200)
    expect(emitted().update).toBeUndefined()
    vi.advanceTimersByTime(100)
    expect(emitted().update).toEqual([[{ q: 'sumi' }]])
  })

  it('changes the sort, the order and the view', async () => {
    const { emitted } = render(LibraryToolbar, { props: { filters: defaultFilters(), view: 'grid', total: 1 } })
    await fireEvent.update(screen.getByRole('combobox', { name: 'Sort' }), 'size_bytes')
    await fireEvent.click(screen.getByRole('button', { name: /Ascending order/ }))
    await fireEvent.click(screen.getByRole('button', { name: 'List' }))
    expect(emitted().update).toEqual([[{ sort: 'size_bytes' }], [{ order: 'desc' }]])
    expect(emitted().view).toEqual([['list']])
    expect(screen.getByRole('status').textContent?.trim()).toBe('1 adapter')
  })
})
