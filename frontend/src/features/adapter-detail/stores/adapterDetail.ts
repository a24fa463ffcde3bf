import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useGalleryStore } from '@/features/library/stores/gallery'
import {
  activateAdapter,
  deactivateAdapter,
  getAdapter,
  refreshFromCivitai,
  updateAdapter,
  type Adapter,
  type AdapterPatch,
} from '../services/adapterDetailService'

/** The adapter shown on the detail screen, and the edits made to it. */
export const useAdapterDetailStore = defineStore('adapterDetail', () => {
  const adapter = ref<Adapter | null>(null)
  const loading = ref(false)
  const saving = ref(false)
  const refreshing = ref(false)
  const error = ref<string | null>(null)

  function apply(next: Adapter): Adapter {
    adapter.value = next
    useGalleryStore().replaceItem(next)
    return next
  }

  async function load(id: number): Promise<void> {
    if (adapter.value?.id !== id) adapter.value = null
    loading.value = true
    error.value = null
    try {
      adapter.value = await getAdapter(id)
    } catch (cause) {
      error.value = cause instanceof Error ? cause.message : String(cause)
    } finally {
      loading.value = false
    }
  }

  async function save(patch: AdapterPatch): Promise<Adapter> {
    if (!adapter.value) throw new Error('No adapter is loaded.')
    saving.value = true
    try {
      return apply(await updateAdapter(adapter.value.id, patch))
    } finally {
      saving.value = false
    }
  }

  async function activate(weight: number): Promise<Adapter> {
    if (!adapter.value) throw new Error('No adapter is loaded.')
    return apply(await activateAdapter(adapter.value.id, weight))
  }

  async function deactivate(): Promise<Adapter> {
    if (!adapter.value) throw new Error('No adapter is loaded.')
    return apply(await deactivateAdapter(adapter.value.id))
  }

  /** Ask Civitai again; the answer carries the new trigger words, base model and preview. */
  async function refreshCivitai(): Promise<Adapter> {
    if (!adapter.value) throw new Error('No adapter is loaded.')
    refreshing.value = true
    try {
      return apply(await refreshFromCivitai(adapter.value.id))
    } finally {
      refreshing.value = false
    }
  }

  return { adapter, loading, saving, refreshing, error, load, save, activate, deactivate, refreshCivitai }
})
