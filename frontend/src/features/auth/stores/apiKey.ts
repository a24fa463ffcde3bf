import { defineStore } from 'pinia'
import { ref } from 'vue'

export const API_KEY_STORAGE = 'lora-manager.api-key'
/** Read by the server on GET and HEAD only: `<img>` and `<video>` cannot send headers. */
export const API_KEY_COOKIE = 'lora_manager_key'
const YEAR_S = 365 * 24 * 3600

/** Mirror the key into a SameSite=Strict cookie scoped to the API, or clear it. */
export function writeKeyCookie(key: string | null): void {
  if (typeof document === 'undefined') return
  const secure = window.location.protocol === 'https:' ? '; Secure' : ''
  const value = key ? encodeURIComponent(key) : ''
  const age = key ? YEAR_S : 0
  document.cookie = `${API_KEY_COOKIE}=${value}; Path=/api/; Max-Age=${age}; SameSite=Strict${secure}`
}

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
  writeKeyCookie(key.value)
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
    writeKeyCookie(key.value)
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
