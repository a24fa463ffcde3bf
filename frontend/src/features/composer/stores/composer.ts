import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { Adapter } from '@/features/library/services/adapterService'
import {
  compose,
  loadStack,
  moved,
  removeFromStack,
  saveOrder,
  saveWeight,
  type ComposeRequest,
  type ComposeResponse,
  type Target,
  type TriggerWordMode,
} from '../services/composerService'

const OPTIONS_KEY = 'lora-manager.composer'

interface ComposerOptions {
  target: Target
  triggerWords: TriggerWordMode
  prompt: string
  negativePrompt: string
}

function storedOptions(): ComposerOptions {
  const defaults: ComposerOptions = { target: 'a1111', triggerWords: 'all', prompt: '', negativePrompt: '' }
  try {
    return { ...defaults, ...(JSON.parse(localStorage.getItem(OPTIONS_KEY) ?? '{}') as Partial<ComposerOptions>) }
  } catch {
    return defaults
  }
}

/** The active stack, the composer's options (kept in this browser) and the composed prompt. */
export const useComposerStore = defineStore('composer', () => {
  const stack = ref<Adapter[]>([])
  const loading = ref(false)
  const options = ref<ComposerOptions>(storedOptions())
  const split = ref<Record<number, { te: number; unet: number }>>({})
  const result = ref<ComposeResponse | null>(null)
  const error = ref<string | null>(null)
  let request = 0

  watch(options, (value) => localStorage.setItem(OPTIONS_KEY, JSON.stringify(value)), { deep: true })

  async function load(): Promise<void> {
    loading.value = true
    try {
      stack.value = await loadStack()
    } finally {
      loading.value = false
    }
  }

  function requestBody(deliverTo?: string): ComposeRequest {
    return {
      prompt: options.value.prompt,
      negative_prompt: options.value.negativePrompt,
      target: options.value.target,
      trigger_words: options.value.triggerWords,
      adapters: stack.value.map((a) => {
        const parts = split.value[a.id]
        return parts ? { id: a.id, weight: a.weight, te_weight: parts.te, unet_weight: parts.unet } : { id: a.id, weight: a.weight }
      }),
      ...(deliverTo ? { deliver: { target_name: deliverTo } } : {}),
    }
  }

  /** Compose again; only the newest answer is kept. */
  async function preview(deliverTo?: string): Promise<ComposeResponse | null> {
    const mine = ++request
    try {
      const answer = await compose(requestBody(deliverTo))
      if (mine === request) {
        result.value = answer
        error.value = null
      }
      return answer
    } catch (cause) {
      if (mine === request) error.value = cause instanceof Error ? cause.message : String(cause)
      if (deliverTo) throw cause
      return null
    }
  }

  async function move(from: number, to: number): Promise<void> {
    const before = stack.value
    stack.value = moved(before, from, to)
    try {
      stack.value = await saveOrder(before, stack.value)
    } catch (cause) {
      stack.value = before
      throw cause
    }
  }

  function setWeight(id: number, weight: number): void {
    stack.value = stack.value.map((a) => (a.id === id ? { ...a, weight } : a))
  }

  async function persistWeight(id: number): Promise<void> {
    const adapter = stack.value.find((a) => a.id === id)
    if (adapter) await saveWeight(id, adapter.weight)
  }

  function setSplit(id: number, parts: { te: number; unet: number } | null): void {
    const next = { ...split.value }
    if (parts) next[id] = parts
    else delete next[id]
    split.value = next
  }

  async function remove(id: number): Promise<void> {
    await removeFromStack(id)
    stack.value = stack.value.filter((a) => a.id !== id)
  }

  return { stack, loading, options, split, result, error, load, preview, move, setWeight, persistWeight, setSplit, remove }
})
