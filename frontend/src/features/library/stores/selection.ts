import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * Which adapters are selected for a bulk action: some ids, or every adapter
 * matching the filters (minus the ones unticked afterwards).
 */
export const useLibrarySelectionStore = defineStore('librarySelection', () => {
  const ids = ref(new Set<number>())
  const allMatching = ref(false)
  const excluded = ref(new Set<number>())
  /** Position of the last plain or ctrl click: the start of a shift-click range. */
  const anchor = ref<number | null>(null)

  function isSelected(id: number): boolean {
    return allMatching.value ? !excluded.value.has(id) : ids.value.has(id)
  }

  function count(total: number): number {
    return allMatching.value ? Math.max(total - excluded.value.size, 0) : ids.value.size
  }

  function toggle(id: number, position: number): void {
    const set = allMatching.value ? excluded.value : ids.value
    if (set.has(id)) set.delete(id)
    else set.add(id)
    anchor.value = position
  }

  function select(many: number[]): void {
    for (const id of many) {
      if (allMatching.value) excluded.value.delete(id)
      else ids.value.add(id)
    }
  }

  function selectAllMatching(): void {
    allMatching.value = true
    excluded.value = new Set()
    ids.value = new Set()
  }

  function clear(): void {
    allMatching.value = false
    ids.value = new Set()
    excluded.value = new Set()
    anchor.value = null
  }

  /** The selected ids, given every id that matches the filters (when all are selected). */
  function resolve(matching: number[]): number[] {
    if (!allMatching.value) return [...ids.value]
    return matching.filter((id) => !excluded.value.has(id))
  }

  return { ids, allMatching, excluded, anchor, isSelected, count, toggle, select, selectAllMatching, clear, resolve }
})
