import { api, call, type Schemas } from '@/api/http'

export type Adapter = Schemas['AdapterPublic']
export type AdapterPatch = Schemas['AdapterUpdate']
export type DuplicateGroup = Schemas['DuplicateGroup']

export const DUPLICATES_ENDPOINT = 'GET /api/v1/library/duplicates'

export function getAdapter(id: number): Promise<Adapter> {
  return call(api().GET('/api/v1/adapters/{adapter_id}', { params: { path: { adapter_id: id } } }))
}

export function updateAdapter(id: number, patch: AdapterPatch): Promise<Adapter> {
  return call(api().PATCH('/api/v1/adapters/{adapter_id}', { params: { path: { adapter_id: id } }, body: patch }))
}

/** Look the adapter up on Civitai now; answers with the adapter as stored afterwards. */
export function refreshFromCivitai(id: number): Promise<Adapter> {
  return call(api().POST('/api/v1/adapters/{adapter_id}/civitai/refresh', { params: { path: { adapter_id: id } } }))
}

export function activateAdapter(id: number, weight?: number, ordinal?: number): Promise<Adapter> {
  const body: Schemas['ActivateRequest'] = {}
  if (weight !== undefined) body.weight = weight
  if (ordinal !== undefined) body.ordinal = ordinal
  return call(api().POST('/api/v1/adapters/{adapter_id}/activate', { params: { path: { adapter_id: id } }, body }))
}

export function deactivateAdapter(id: number): Promise<Adapter> {
  return call(api().POST('/api/v1/adapters/{adapter_id}/deactivate', { params: { path: { adapter_id: id } } }))
}

/** Groups of the library's duplicate report that contain this adapter. */
export async function duplicatesOf(id: number): Promise<DuplicateGroup[]> {
  const report = await call(api().GET('/api/v1/library/duplicates'))
  return report.groups.filter((group) => group.files.some((file) => file.id === id))
}

/** Tag counts of the training captions, most frequent first (list or object form). */
export function tagFrequency(training: Adapter['training']): [string, number][] {
  const raw = training?.tag_frequency
  let pairs: [string, number][] = []
  if (Array.isArray(raw)) {
    pairs = raw.filter((p): p is [string, number] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'number')
  } else if (raw && typeof raw === 'object') {
    pairs = Object.entries(raw as Record<string, unknown>).filter((p): p is [string, number] => typeof p[1] === 'number')
  }
  return pairs.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}

export interface PreviewMedia {
  url: string
  kind: 'image' | 'video'
  label: string
}

const VIDEO = /\.(mp4|webm|mov)(\?|$)/i

/** The adapter's own preview first, then the Civitai example images and videos. */
export function previewMedia(adapter: Adapter, ownUrl: string | null, ownOriginalIsVideo = false): PreviewMedia[] {
  const media: PreviewMedia[] = []
  if (ownUrl) media.push({ url: ownUrl, kind: ownOriginalIsVideo ? 'video' : 'image', label: 'Preview' })
  const images = (adapter.civitai?.images ?? []) as unknown[]
  images.forEach((image, i) => {
    if (!image || typeof image !== 'object') return
    const { url, type } = image as { url?: unknown; type?: unknown }
    if (typeof url !== 'string') return
    const kind = type === 'video' || VIDEO.test(url) ? 'video' : 'image'
    media.push({ url, kind, label: `Civitai example ${i + 1}` })
  })
  return media
}
