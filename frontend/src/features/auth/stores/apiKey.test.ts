import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { API_KEY_STORAGE, useApiKeyStore } from './apiKey'

afterEach(() => vi.restoreAllMocks())

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('the API key', () => {
  it('is kept in this browser and bumps the revision so screens fetch again', () => {
    const store = useApiKeyStore()
    store.requestKey(false)
    store.save('  k-1  ')
    expect(localStorage.getItem(API_KEY_STORAGE)).toBe('k-1')
    expect(store.prompting).toBe(false)
    expect(store.revision).toBe(1)
    setActivePinia(createPinia())
    expect(useApiKeyStore().key).toBe('k-1')
  })

  it('can be forgotten', () => {
    const store = useApiKeyStore()
    store.save('k-1')
    store.forget()
    expect(localStorage.getItem(API_KEY_STORAGE)).toBeNull()
    expect(store.key).toBeNull()
  })

  it('is mirrored into a read-only cookie so images load, and the cookie goes with it', () => {
    const writes: string[] = []
    vi.spyOn(document, 'cookie', 'set').mockImplementation((value: string) => {
      writes.push(value)
    })
    const store = useApiKeyStore()
    store.save('k 1;é')
    expect(writes.at(-1)).toMatch(/^lora_manager_key=k%201%3B%C3%A9; Path=\/api\/; Max-Age=\d+; SameSite=Strict$/)
    store.forget()
    expect(writes.at(-1)).toMatch(/^lora_manager_key=; Path=\/api\/; Max-Age=0;/)
  })
})
