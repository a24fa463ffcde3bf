import { computed, type Ref } from 'vue'
import type { GalleryView } from '../services/libraryQuery'

export const CARD_MIN_WIDTH = 180
export const CARD_HEIGHT = 262
export const GAP = 12
export const LIST_ROW_HEIGHT = 56

export interface GalleryLayout {
  columns: number
  rowHeight: number
}

/** Columns and row height of the gallery for a view at a given width. */
export function galleryLayout(view: GalleryView, width: number): GalleryLayout {
  if (view === 'list') return { columns: 1, rowHeight: LIST_ROW_HEIGHT }
  const columns = Math.max(1, Math.floor((width - GAP + GAP) / (CARD_MIN_WIDTH + GAP)))
  return { columns, rowHeight: CARD_HEIGHT + GAP }
}

export function useGalleryLayout(view: Ref<GalleryView>, width: Ref<number>) {
  return computed(() => galleryLayout(view.value, width.value))
}
