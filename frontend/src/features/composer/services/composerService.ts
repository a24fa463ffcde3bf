import { api, call, type Schemas } from '@/api/http'
import { listAdapters, type Adapter } from '@/features/library/services/adapterService'
import { activateAdapter, deactivateAdapter } from '@/features/adapter-detail/services/adapterDetailService'

export type ComposeRequest = Schemas['ComposeRequest']
export type ComposeResponse = Schemas['ComposeResponse']
export type Target = ComposeRequest['target']
export type TriggerWordMode = NonNullable<ComposeRequest['trigger_words']>

export const COMPOSE_ENDPOINT = 'POST /api/v1/compose'
export const TARGETS: { value: Target; label: string }[] = [
  { value: 'a1111', label: 'AUTOMATIC1111' },
  { value: 'forge', label: 'Forge' },
  { value: 'sdnext', label: 'SD.Next' },
  { value: 'comfyui', label: 'ComfyUI (LoraLoader chain)' },
]

/** The active stack, in order. */
export async function loadStack(): Promise<Adapter[]> {
  const page = await listAdapters({ active: true, sort: 'ordinal', order: 'asc', limit: 500 })
  return page.items
}

export function compose(request: ComposeRequest): Promise<ComposeResponse> {
  return call(api().POST('/api/v1/compose', { body: request }))
}

/** Store a new order: each adapter whose position changed gets its new ordinal. */
export async function saveOrder(before: Adapter[], after: Adapter[]): Promise<Adapter[]> {
  const saved: Adapter[] = []
  for (const [position, adapter] of after.entries()) {
    if (before[position]?.id !== adapter.id) saved.push(await activateAdapter(adapter.id, undefined, position))
    else saved.push(adapter)
  }
  return saved
}

export const saveWeight = (id: number, weight: number) => activateAdapter(id, weight)
export const removeFromStack = (id: number) => deactivateAdapter(id)

/** Move one item of a list to another position (a copy). */
export function moved<T>(items: T[], from: number, to: number): T[] {
  const copy = items.slice()
  const [item] = copy.splice(from, 1)
  if (item !== undefined) copy.splice(Math.min(Math.max(to, 0), copy.length), 0, item)
  return copy
}

export type DeliveryTarget = Schemas['TargetPublic']

/** Named delivery targets (DELIVERY_TARGETS and the ones added through the API). */
export function listDeliveryTargets(): Promise<DeliveryTarget[]> {
  return call(api().GET('/api/v1/deliveries/targets'))
}
