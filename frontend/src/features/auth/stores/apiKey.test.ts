import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { API_KEY_STORAGE, useApiKeyStore } from './apiKey'

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
})
