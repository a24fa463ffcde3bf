import { FINISHED, getJob, type Job } from './libraryAdminService'

export interface JobFollower {
  /** Show `job`, then poll it until it finishes; `onFinished` sees the final state. */
  follow(job: Job, onFinished?: (job: Job) => void): void
  /** Stop polling (the screen was left); the job itself keeps running. */
  stop(): void
}

/** Poll one job every `pollMs`, handing each state to `show` and a failure to `fail`. */
export function jobFollower(pollMs: number, show: (job: Job) => void, fail: (message: string) => void): JobFollower {
  let timer: ReturnType<typeof setTimeout> | undefined
  let following = false

  function follow(job: Job, onFinished?: (job: Job) => void): void {
    clearTimeout(timer)
    show(job)
    if (FINISHED.has(job.status)) {
      following = false
      onFinished?.(job)
      return
    }
    following = true
    timer = setTimeout(async () => {
      try {
        const fresh = await getJob(job.id)
        if (following) follow(fresh, onFinished)
      } catch (cause) {
        following = false
        fail(cause instanceof Error ? cause.message : String(cause))
      }
    }, pollMs)
  }

  function stop(): void {
    following = false
    clearTimeout(timer)
  }

  return { follow, stop }
}
