import { cleanup } from '@testing-library/vue'
import { afterEach } from 'vitest'

// Browser APIs jsdom lacks, used by the virtual gallery and the copy buttons.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (!('ResizeObserver' in globalThis)) {
  Object.assign(globalThis, { ResizeObserver: ResizeObserverStub })
}
if (!window.matchMedia) {
  Object.assign(window, {
    matchMedia: (query: string) => ({
      matches: false,
      media: query,
      addEventListener() {},
      removeEventListener() {},
    }),
  })
}
if (!Element.prototype.scrollTo) Element.prototype.scrollTo = function scrollTo() {}

// Unmount what each test rendered (teleported dialogs included).
afterEach(() => cleanup())
