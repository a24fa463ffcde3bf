import { onBeforeUnmount } from 'vue'

/** Call `fn` once calls have stopped for `waitMs`; pending calls are dropped on unmount. */
export function useDebouncedCallback<A extends unknown[]>(fn: (...args: A) => void, waitMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined

  function run(...args: A): void {
    clearTimeout(timer)
    timer = setTimeout(() => fn(...args), waitMs)
  }
  function cancel(): void {
    clearTimeout(timer)
  }
  onBeforeUnmount(cancel)
  return Object.assign(run, { cancel })
}
