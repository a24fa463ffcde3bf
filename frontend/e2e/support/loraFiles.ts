// Writes small but real LoRA files (safetensors) with trainer metadata, Civitai
// sidecars and preview images, so the real scanner has something to read.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export type Family = 'sd1' | 'sdxl'

export interface LoraSpec {
  name: string
  family: Family
  baseModel: string
  triggerWords: string[]
  tags?: Record<string, number>
  preview?: boolean
  folder?: string
  /** Extra bytes of filler weights, so a scan takes long enough to watch. */
  padBytes?: number
}

const SD1_KEYS: [string, number][] = [
  ['lora_te_text_model_encoder_layers_0_self_attn_k_proj', 768],
  ['lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k', 768],
]
const SDXL_KEYS: [string, number][] = [
  ['lora_te1_text_model_encoder_layers_0_self_attn_k_proj', 768],
  ['lora_te2_text_model_encoder_layers_0_self_attn_k_proj', 1280],
  ['lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k', 2048],
]
const RANK = 4

/** A 1×1 PNG (teal): enough for the thumbnailer, tiny on disk. */
export const PREVIEW_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC',
  'base64',
)

function safetensors(tensors: [string, number[]][], metadata: Record<string, string>, seed: number, padBytes = 0): Buffer {
  const header: Record<string, unknown> = { __metadata__: metadata }
  const blobs: Buffer[] = []
  let offset = 0
  if (padBytes > 0) {
    header.padding = { dtype: 'U8', shape: [padBytes], data_offsets: [0, padBytes] }
    blobs.push(Buffer.alloc(padBytes, seed % 251))
    offset = padBytes
  }
  for (const [key, shape] of tensors) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 2
    const blob = Buffer.alloc(bytes)
    for (let i = 0; i < bytes; i += 2) blob.writeUInt16LE((seed * 7919 + i * 31) % 0x3bff, i)
    header[key] = { dtype: 'F16', shape, data_offsets: [offset, offset + bytes] }
    blobs.push(blob)
    offset += bytes
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8')
  const pad = (8 - (json.length % 8)) % 8
  json = Buffer.concat([json, Buffer.alloc(pad, 0x20)])
  const size = Buffer.alloc(8)
  size.writeBigUInt64LE(BigInt(json.length))
  return Buffer.concat([size, json, ...blobs])
}

export function writeLora(root: string, spec: LoraSpec, seed: number): string {
  const dir = spec.folder ? join(root, spec.folder) : root
  mkdirSync(dir, { recursive: true })
  const keys = spec.family === 'sdxl' ? SDXL_KEYS : SD1_KEYS
  const tensors: [string, number[]][] = []
  for (const [module, width] of keys) {
    tensors.push([`${module}.lora_down.weight`, [RANK, width]])
    tensors.push([`${module}.lora_up.weight`, [width, RANK]])
    tensors.push([`${module}.alpha`, []])
  }
  const metadata: Record<string, string> = {
    ss_output_name: spec.name,
    ss_network_module: 'networks.lora',
    ss_network_dim: String(RANK),
    ss_network_alpha: String(RANK),
    ss_base_model_version: spec.family === 'sdxl' ? 'sdxl_base_v1-0' : 'sd_v1',
    ss_num_epochs: '10',
    ss_learning_rate: '0.0001',
    ss_tag_frequency: JSON.stringify({ '10_train': spec.tags ?? Object.fromEntries(spec.triggerWords.map((w, i) => [w, 40 - i])) }),
  }
  const file = join(dir, `${spec.name}.safetensors`)
  writeFileSync(file, safetensors(tensors, metadata, seed, spec.padBytes))
  writeFileSync(
    join(dir, `${spec.name}.civitai.info`),
    JSON.stringify({ id: 1000 + seed, modelId: 500 + seed, name: 'v1.0', baseModel: spec.baseModel, trainedWords: spec.triggerWords, model: { name: spec.name, type: 'LORA' } }),
  )
  if (spec.preview) writeFileSync(join(dir, `${spec.name}.preview.png`), PREVIEW_PNG)
  return file
}

/** The small library most browser tests run over. */
export const SAMPLE_LIBRARY: LoraSpec[] = [
  { name: 'Ink Wash Style', family: 'sdxl', baseModel: 'SDXL 1.0', triggerWords: ['inkwash', 'sumi-e'], preview: true },
  { name: 'Neon Cyberpunk City', family: 'sdxl', baseModel: 'SDXL 1.0', triggerWords: ['neoncity'], preview: true },
  { name: 'Pastel Portraits', family: 'sd1', baseModel: 'SD 1.5', triggerWords: ['pastelportrait'], preview: true },
  { name: 'Watercolor Landscapes', family: 'sd1', baseModel: 'SD 1.5', triggerWords: ['wclandscape', 'watercolor'], folder: 'styles' },
  { name: 'Pony Mecha Pilot', family: 'sdxl', baseModel: 'Pony', triggerWords: ['mechapilot'], folder: 'characters' },
  { name: 'Retro Film Grain', family: 'sd1', baseModel: 'SD 1.5', triggerWords: ['filmgrain'] },
]

export function writeSampleLibrary(root: string, specs: LoraSpec[] = SAMPLE_LIBRARY): string[] {
  return specs.map((spec, i) => writeLora(root, spec, i + 1))
}
