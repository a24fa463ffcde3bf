import { defineStore } from 'pinia'
import { ref } from 'vue'
import { jobFollower } from '../services/jobFollower'
import { FINISHED, cancelJob, recentJobs, type Job } from '../services/libraryAdminService'
import { SYNC_KIND, startCivitaiSync, type SyncRequest } from '../services/civitaiSyncService'

export const SYNC_POLL_MS = 1000

/** The Civitai sync that runs (or ran last), followed about once a second. */
export const useCivitaiSyncStore = defineStore('civitaiSync', () => {
  const job = ref<Job | null>(null)
  const error = ref<string | null>(null)
  const { follow, stop } = jobFollower(
    SYNC_POLL_MS,
    (next) => (job.value = next),
    (message) => (error.value = message),
  )

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

  return { job, error, start, cancel, loadLast, stop }
})
