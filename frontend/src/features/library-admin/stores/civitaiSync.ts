import { defineStore } from 'pinia'
import { ref } from 'vue'
import { FINISHED, cancelJob, getJob, recentJobs, type Job } from '../services/libraryAdminService'
import { SYNC_KIND, startCivitaiSync, type SyncRequest } from '../services/civitaiSyncService'

export const SYNC_POLL_MS = 1000

/** The Civitai sync that runs (or ran last), followed about once a second. */
export const useCivitaiSyncStore = defineStore('civitaiSync', () => {
  const job = ref<Job | null>(null)
  const error = ref<string | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let following = false

  function follow(next: Job, onFinished?: (job: Job) => void): void {
    clearTimeout(timer)
    job.value = next
    if (FINISHED.has(next.status)) {
      following = false
      onFinished?.(next)
      return
    }
    following = true
    timer = setTimeout(async () => {
      try {
        const fresh = await getJob(next.id)
        if (following) follow(fresh, onFinished)
      } catch (cause) {
        error.value = cause instanceof Error ? cause.message : String(cause)
        following = false
      }
    }, SYNC_POLL_MS)
  }

  async function start(request: SyncRequest, onFinished?: (job: Job) => void): Promise<Job> {
    error.value = null
    const started = await startCivitaiSync(request)
    follow(started, onFinished)
    return started
  }

  /** Show the last sync, and keep following one that is still running. */
  async function loadLast(onFinished?: (job: Job) => void): Promise<void> {
    const [last] = await recentJobs(SYNC_KIND, 1)
    if (!last) return
    if (FINISHED.has(last.status)) job.value = last
    else follow(last, onFinished)
  }

  /** Ask the running sync to stop after the adapter it is on. */
  async function cancel(): Promise<void> {
    if (job.value && !FINISHED.has(job.value.status)) job.value = await cancelJob(job.value.id)
  }

  /** Stop polling (the screen was left); the job itself keeps running. */
  function stop(): void {
    following = false
    clearTimeout(timer)
  }

  return { job, error, start, cancel, loadLast, stop }
})
