// Deliveries and jobs as the API returns them, for unit tests.
import type { Delivery, Job } from '@/features/jobs/services/jobsService'

export function makeJob(id: string, overrides: Partial<Job> = {}): Job {
  return {
    id,
    kind: 'scan',
    status: 'succeeded',
    attempts: 1,
    max_attempts: 1,
    created_at: '2026-01-01T10:00:00+00:00',
    updated_at: '2026-01-01T10:00:00+00:00',
    ...overrides,
  }
}

export function makeDelivery(id: string, overrides: Partial<Delivery> = {}): Delivery {
  return {
    ...makeJob(id),
    kind: 'delivery',
    max_attempts: 3,
    target: { name: 'sdnext', kind: 'sdapi', url: 'http://127.0.0.1:7860' },
    prompt: 'a watercolor fox <lora:ink:0.8>',
    negative_prompt: '',
    params: {},
    ...overrides,
  }
}
