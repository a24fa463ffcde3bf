import { useGalleryStore } from '../stores/gallery'
import { useLibrarySelectionStore } from '../stores/selection'
import type { Adapter } from '../services/adapterService'

export interface PointerChoice {
  shift: boolean
  toggle: boolean
}

/**
 * Clicks and keys on gallery items: shift selects the range from the last
 * click, ctrl/cmd or the tick box toggles one, and a plain click opens the
 * adapter — unless something is already selected, then it toggles too.
 */
export function useGallerySelection(open: (adapter: Adapter) => void) {
  const gallery = useGalleryStore()
  const selection = useLibrarySelectionStore()

  async function selectRange(from: number, to: number): Promise<void> {
    const items = await gallery.itemsBetween(from, to)
    selection.select(items.map((item) => item.id))
  }

  async function choose(index: number, choice: PointerChoice): Promise<void> {
    const adapter = gallery.itemAt(index)
    if (!adapter) return
    const total = gallery.total ?? 0
    if (choice.shift && selection.anchor !== null) {
      await selectRange(selection.anchor, index)
    } else if (choice.toggle || choice.shift || selection.count(total) > 0) {
      selection.toggle(adapter.id, index)
    } else {
      open(adapter)
    }
  }

  function toggleAt(index: number): void {
    const adapter = gallery.itemAt(index)
    if (adapter) selection.toggle(adapter.id, index)
  }

  function openAt(index: number): void {
    const adapter = gallery.itemAt(index)
    if (adapter) open(adapter)
  }

  return { choose, selectRange, toggleAt, openAt }
}
