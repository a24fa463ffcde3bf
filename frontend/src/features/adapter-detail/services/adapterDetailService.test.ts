import { describe, expect, it } from 'vitest'
import { makeAdapter } from '@/test/adapters'
import { previewMedia, tagFrequency } from './adapterDetailService'

describe('training tag frequencies', () => {
  it('read the list form the scanner stores, most frequent first', () => {
    expect(tagFrequency({ tag_frequency: [['b', 3], ['a', 9], ['c', 3]] })).toEqual([['a', 9], ['b', 3], ['c', 3]])
  })

  it('read a plain object and ignore junk', () => {
    expect(tagFrequency({ tag_frequency: { x: 2, y: 'many' } })).toEqual([['x', 2]])
    expect(tagFrequency(null)).toEqual([])
  })
})

describe('previews', () => {
  it('put the own preview first and recognise Civitai videos', () => {
    const adapter = makeAdapter(1, {
      civitai: { images: [{ url: 'https://img/1.jpeg', type: 'image' }, { url: 'https://img/2.mp4' }, { nope: true }] },
    })
    expect(previewMedia(adapter, '/api/v1/adapters/1/preview?size=512')).toEqual([
      { url: '/api/v1/adapters/1/preview?size=512', kind: 'image', label: 'Preview' },
      { url: 'https://img/1.jpeg', kind: 'image', label: 'Civitai example 1' },
      { url: 'https://img/2.mp4', kind: 'video', label: 'Civitai example 2' },
    ])
  })
})
