import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { fetchFrontendSettings, type FrontendSettings } from '../services/runtimeSettingsService'

/** What this server offers: version, whether a key is needed, which endpoints exist. */
export const useRuntimeSettingsStore = defineStore('runtimeSettings', () => {
  const settings = ref<FrontendSettings | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)

  const endpoints = computed(() => new Set(settings.value?.endpoints ?? []))
  const authRequired = computed(() => settings.value?.auth_required ?? false)
  const version = computed(() => settings.value?.version ?? '')

  /** True when the server offers an operation, e.g. `offers('POST /api/v1/compose')`. */
  function offers(endpoint: string): boolean {
    return endpoints.value.has(endpoint)
  }

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      settings.value = await fetchFrontendSettings()
    } catch (cause) {
      error.value = cause instanceof Error ? cause.message : String(cause)
    } finally {
      loading.value = false
    }
  }

  return { settings, error, loading, endpoints, authRequired, version, offers, load }
})
