import { defineStore } from 'pinia'
import { ref } from 'vue'
import {
  FINISHED,
  addRoot,
  cancelJob,
  getJob,
  listRoots,
  recentJobs,
  removeRoot,
  startScan,
  type Job,
  type LibraryRoot,
} from '../services/libraryAdminService'

export const POLL_MS = 500

/** Library roots and the scan that runs (or ran last) over them. */
export const useLibraryAdminStore = defineStore('libraryAdmin', () => {
  const roots = ref<LibraryRoot[] | null>(null)
  const scan = ref<Job | null>(null)
  const lastFinished = ref<Job | null>(null)
  const error = ref<string | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined

  async function loadRoots(): Promise<void> {
    try {
      roots.value = await listRoots()
      error.value = null
    } catch (cause) {
      error.value = cause instanceof Error ? cause.message : String(cause)
    }
  }

  async function add(path: string, label?: string): Promise<LibraryRoot> {
    const root = await addRoot(path, label)
    await loadRoots()
    return root
  }

  async function remove(id: number): Promise<void> {
    await removeRoot(id)
    await loadRoots()
  }

  function follow(job: Job, onFinished?: (job: Job) => void): void {
    clearTimeout(timer)
    scan.value = job
    if (FINISHED.has(job.status)) {
      lastFinished.value = job
      void loadRoots()
      onFinished?.(job)
      return
    }
    timer = setTimeout(async () => {
      try {
        follow(await getJob(job.id), onFinished)
      } catch (cause) {
        error.value = cause instanceof Error ? cause.message : String(cause)
      }
    }, POLL_MS)
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

  function stop(): void {
    clearTimeout(timer)
  }

  return { roots, scan, lastFinished, error, loadRoots, add, remove, scanNow, cancel, loadScans, stop }
})
