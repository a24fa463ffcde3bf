import { defineStore } from 'pinia'
import { ref } from 'vue'
import {
  cancelDelivery,
  isUnfinished,
  listDeliveries,
  recentOtherJobs,
  retryDelivery,
  type Delivery,
  type Job,
  type JobStatus,
} from '../services/jobsService'

export const REFRESH_MS = 2000

/** Deliveries (filtered by status) and other recent jobs, refreshed while any runs. */
export const useJobsStore = defineStore('jobs', () => {
  const deliveries = ref<Delivery[] | null>(null)
  const total = ref(0)
  const otherJobs = ref<Job[]>([])
  const status = ref<JobStatus | null>(null)
  const error = ref<string | null>(null)
  let request = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let watching = false

  function schedule(): void {
    clearTimeout(timer)
    const busy = (deliveries.value ?? []).some(isUnfinished) || otherJobs.value.some(isUnfinished)
    if (watching && busy) timer = setTimeout(() => void load(), REFRESH_MS)
  }

  async function load(): Promise<void> {
    const mine = ++request
    try {
      const [page, others] = await Promise.all([listDeliveries(status.value), recentOtherJobs()])
      if (mine !== request) return
      deliveries.value = page.items
      total.value = page.total
      otherJobs.value = others
      error.value = null
    } catch (cause) {
      if (mine === request) error.value = cause instanceof Error ? cause.message : String(cause)
    }
    if (mine === request) schedule()
  }

  function setStatus(next: JobStatus | null): Promise<void> {
    status.value = next
    return load()
  }

  function put(changed: Delivery): void {
    deliveries.value = (deliveries.value ?? []).map((d) => (d.id === changed.id ? changed : d))
  }

  async function cancel(id: string): Promise<Delivery> {
    const changed = await cancelDelivery(id)
    put(changed)
    await load()
    return changed
  }

  async function retry(id: string): Promise<Delivery> {
    const changed = await retryDelivery(id)
    put(changed)
    await load()
    return changed
  }

  /** Load now and keep refreshing while something is queued or running. */
  function watch(): Promise<void> {
    watching = true
    return load()
  }

  function stop(): void {
    watching = false
    clearTimeout(timer)
  }

  return { deliveries, total, otherJobs, status, error, load, setStatus, cancel, retry, watch, stop }
})
