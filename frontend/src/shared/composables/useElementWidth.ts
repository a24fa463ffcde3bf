import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

/** The content width of an element, kept current with a ResizeObserver. */
export function useElementWidth(target: Ref<HTMLElement | null>, fallback: number) {
  const width = ref(fallback)
  let observer: ResizeObserver | null = null

  watch(
    target,
    (element) => {
      observer?.disconnect()
      if (!element) return
      if (element.clientWidth > 0) width.value = element.clientWidth
      observer = new ResizeObserver((entries) => {
        const next = entries[0]?.contentRect.width
        if (next && Math.abs(next - width.value) >= 1) width.value = next
      })
      observer.observe(element)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => observer?.disconnect())
  return width
}
