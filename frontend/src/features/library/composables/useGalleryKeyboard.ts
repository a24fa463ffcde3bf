import type { Ref } from 'vue'

export interface GalleryKeyboardOptions {
  count: Ref<number>
  columns: Ref<number>
  active: Ref<number>
  /** Rows that fit on one screen (PageUp / PageDown). */
  pageRows: () => number
  moveTo: (index: number, extend: boolean) => void
  toggle: (index: number) => void
  open: (index: number) => void
  selectAll: () => void
  clear: () => void
}

/**
 * Keys of the gallery listbox: arrows, Home/End, PageUp/PageDown move;
 * Shift extends the selection; Space selects; Enter opens; Ctrl+A selects all
 * matching; Escape clears the selection.
 */
export function useGalleryKeyboard(options: GalleryKeyboardOptions) {
  function target(event: KeyboardEvent): number | null {
    const columns = options.columns.value
    const current = options.active.value
    switch (event.key) {
      case 'ArrowRight':
        return current + 1
      case 'ArrowLeft':
        return current - 1
      case 'ArrowDown':
        return current + columns
      case 'ArrowUp':
        return current - columns
      case 'Home':
        return 0
      case 'End':
        return options.count.value - 1
      case 'PageDown':
        return current + columns * options.pageRows()
      case 'PageUp':
        return current - columns * options.pageRows()
      default:
        return null
    }
  }

  function onKeydown(event: KeyboardEvent): void {
    const count = options.count.value
    if (!count) return
    const next = target(event)
    if (next !== null) {
      event.preventDefault()
      options.moveTo(Math.min(Math.max(next, 0), count - 1), event.shiftKey)
    } else if (event.key === ' ') {
      event.preventDefault()
      options.toggle(options.active.value)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      options.open(options.active.value)
    } else if (event.key.toLowerCase() === 'a' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      options.selectAll()
    } else if (event.key === 'Escape') {
      options.clear()
    }
  }

  return { onKeydown }
}
