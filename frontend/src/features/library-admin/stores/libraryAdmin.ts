import { defineStore } from 'pinia'
import { ref } from 'vue'
import {
  FINISHED,
  addRoot,
  cancelJob,
  listRoots,
  recentJobs,
  removeRoot,
  startScan,
  type Job,
  type LibraryRoot,
} from '../services/libraryAdminService'
import { jobFollower } from '../services/jobFollower'

export const POLL_MS = 500

/** Library roots and the scan that runs (or ran last) over them. */
export const useLibraryAdminStore = defineStore('libraryAdmin', () => {
  const roots = ref<LibraryRoot[] | null>(null)
  const scan = ref<Job | null>(null)
  const lastFinished = ref<Job | null>(null)
  const error = ref<string | null>(null)

  async function loadRoots(): Promise<void> {
    try {
      roots.value = await listRoots()
      error.value = null
    } catch (cause) {
      error.value = cause instanceof Error ? cause.message : String(cause)
    }
  }

  const { follow, stop } = jobFollower(
    POLL_MS,
    (job) => {
      scan.value = job
      if (FINISHED.has(job.status)) {
        lastFinished.value = job
        void loadRoots()
      }
    },
    (message) => (error.value = message),
  )

  async function add(path: string, label?: string): Promise<LibraryRoot> {
    const root = await addRoot(path, label)
    await loadRoots()
    return root
  }

  async function remove(id: number): Promise<void> {
    await removeRoot(id)
    await loadRoots()
  }

  async function scanNow(roots?: string[], onFinished?: (job: Job) => void): Promise<Job> {
    const job = await startScan(roots ? { roots } : {})
    follow(job, onFinished)
    return job
  }

  async function cancel(): Promise<void> {
    if (scan.value && !FINISHED.has(scan.value.status)) scan.value = await cancelJob(scan.value.id)
  }

  /** Pick up a scan that is running (started elsewhere) and the last finished one. */
  async function loadScans(onFinished?: (job: Job) => void): Promise<void> {
    const jobs = await recentJobs('scan', 10)
    lastFinished.value = jobs.find((job) => FINISHED.has(job.status)) ?? null
    const running = jobs.find((job) => !FINISHED.has(job.status))
    if (running) follow(running, onFinished)
  }

  return { roots, scan, lastFinished, error, loadRoots, add, remove, scanNow, cancel, loadScans, stop }
})
