import { defineStore } from 'pinia'
import { ref } from 'vue'

export const API_KEY_STORAGE = 'lora-manager.api-key'

function readStored(): string | null {
  try {
    return localStorage.getItem(API_KEY_STORAGE)
  } catch {
    return null
  }
}

/** The API key this browser sends, kept in localStorage, and whether to ask for one. */
export const useApiKeyStore = defineStore('apiKey', () => {
  const key = ref<string | null>(readStored())
  const prompting = ref(false)
  const rejected = ref(false)
  /** Bumped when the key changes, so screens fetch again with it. */
  const revision = ref(0)

  function save(next: string): void {
    key.value = next.trim() || null
    try {
      if (key.value) localStorage.setItem(API_KEY_STORAGE, key.value)
      else localStorage.removeItem(API_KEY_STORAGE)
    } catch {
      // Private mode: the key lives for this tab only.
    }
    prompting.value = false
    rejected.value = false
    revision.value += 1
  }

  function forget(): void {
    save('')
  }

  /** Ask for a key: none stored yet, or the server refused the stored one. */
  function requestKey(refused: boolean): void {
    rejected.value = refused
    prompting.value = true
  }

  return { key, prompting, rejected, revision, save, forget, requestKey }
})
