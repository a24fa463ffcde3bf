// Adapters as the API returns them, for unit tests.
import type { Adapter } from '@/features/library/services/adapterService'

/** Fields the server adds later are filled by the cast: tests name what they rely on. */
export function makeAdapter(id: number, overrides: Partial<Adapter> = {}): Adapter {
  const adapter = {
    id,
    name: `Adapter ${id}`,
    file_path: `/loras/adapter-${id}.safetensors`,
    file_name: `adapter-${id}.safetensors`,
    root_path: '/loras',
    file_format: 'safetensors',
    size_bytes: 1024 * id,
    sha256: null,
    autov1: null,
    autov2: null,
    autov3: null,
    tensor_sha256: null,
    blake3: null,
    crc32: null,
    architecture: 'sdxl',
    base_model: 'SDXL 1.0',
    network_type: 'lora',
    rank: 8,
    alpha: 4,
    alias: null,
    trained_words: [`word${id}`],
    tags: [],
    description: null,
    notes: null,
    preferred_weight: null,
    preview_url: null,
    active: false,
    ordinal: null,
    weight: 1,
    favorite: false,
    status: 'ok',
    status_reason: null,
    edited_fields: [],
    civitai: null,
    training: null,
    created_at: '2026-01-01T00:00:00+00:00',
    updated_at: '2026-01-01T00:00:00+00:00',
    last_scanned_at: null,
    last_used_at: null,
    ...overrides,
  }
  return adapter as Adapter
}

/** A fake list_adapters over `total` adapters, honouring limit and offset. */
export function pagedAdapters(total: number) {
  return async (query: { limit?: number; offset?: number }) => {
    const offset = query.offset ?? 0
    const limit = query.limit ?? 50
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => makeAdapter(offset + i + 1))
    return { items, total, limit, offset }
  }
}
