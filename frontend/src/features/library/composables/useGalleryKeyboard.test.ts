import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { useGalleryKeyboard } from './useGalleryKeyboard'

function setup(active = 5) {
  const moves: [number, boolean][] = []
  const options = {
    count: ref(20),
    columns: ref(4),
    active: ref(active),
    pageRows: () => 2,
    moveTo: (index: number, extend: boolean) => moves.push([index, extend]),
    toggle: vi.fn(),
    open: vi.fn(),
    selectAll: vi.fn(),
    clear: vi.fn(),
  }
  const { onKeydown } = useGalleryKeyboard(options)
  const press = (key: string, init: KeyboardEventInit = {}) => onKeydown(new KeyboardEvent('keydown', { key, ...init }))
  return { moves, options, press }
}

describe('gallery keys', () => {
  it('move by one across and by a row up and down', () => {
    const { moves, press } = setup()
    press('ArrowRight')
    press('ArrowDown')
    press('ArrowUp')
    press('ArrowLeft')
    expect(moves).toEqual([[6, false], [9, false], [1, false], [4, false]])
  })

  it('stay inside the list at both ends and page by screens', () => {
    const { moves, press } = setup(18)
    press('ArrowDown')
    press('End')
    press('Home')
    press('PageDown')
    expect(moves).toEqual([[19, false], [19, false], [0, false], [19, false]])
  })

  it('extend the selection with Shift, select with Space, open with Enter', () => {
    const { moves, options, press } = setup()
    press('ArrowRight', { shiftKey: true })
    press(' ')
    press('Enter')
    press('a', { ctrlKey: true })
    press('Escape')
    expect(moves).toEqual([[6, true]])
    expect(options.toggle).toHaveBeenCalledWith(5)
    expect(options.open).toHaveBeenCalledWith(5)
    expect(options.selectAll).toHaveBeenCalledOnce()
    expect(options.clear).toHaveBeenCalledOnce()
  })
})
