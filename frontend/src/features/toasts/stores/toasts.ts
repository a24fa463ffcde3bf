import { defineStore } from 'pinia'
import { ref } from 'vue'

export type ToastKind = 'info' | 'success' | 'error'

export interface Toast {
  id: number
  kind: ToastKind
  message: string
}

const LIFETIME_MS: Record<ToastKind, number> = { info: 4000, success: 4000, error: 8000 }

/** Short messages in the corner: confirmations and errors (from problem+json). */
export const useToastStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([])
  let nextId = 1

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((toast) => toast.id !== id)
  }

  function push(kind: ToastKind, message: string): number {
    const id = nextId++
    toasts.value = [...toasts.value.slice(-4), { id, kind, message }]
    setTimeout(() => dismiss(id), LIFETIME_MS[kind])
    return id
  }

  /** Show what went wrong; ApiError messages are already readable sentences. */
  function error(cause: unknown): number {
    return push('error', cause instanceof Error ? cause.message : String(cause))
  }

  return { toasts, push, error, dismiss, success: (m: string) => push('success', m), info: (m: string) => push('info', m) }
})
