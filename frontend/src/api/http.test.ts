import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, call, configureApi, problemMessage } from './http'

function jsonResponse(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } })
}

afterEach(() => configureApi({ baseUrl: '', apiKey: () => null }))

describe('problemMessage', () => {
  it('names the offending fields without the body/query prefix', () => {
    const message = problemMessage({
      type: '/problems/invalid-input',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'Invalid input: body.tags.0.',
      errors: [{ loc: ['body', 'tags', 0], msg: 'String should have at most 64 characters', type: 'x' }],
    })
    expect(message).toBe('Invalid input: body.tags.0 — tags.0: String should have at most 64 characters')
  })

  it('falls back to the title when there is no detail', () => {
    expect(problemMessage({ type: 'about:blank', title: 'Not Found', status: 404 })).toBe('Not Found')
  })
})

describe('the HTTP layer', () => {
  it('sends the stored API key and the base URL', async () => {
    const fetch = vi.fn(async (_request: Request) => jsonResponse(200, { items: [], total: 0, limit: 1, offset: 0 }))
    configureApi({ baseUrl: 'http://lm.test/root', apiKey: () => 'k-123', fetch: fetch as unknown as typeof globalThis.fetch })
    await call(api().GET('/api/v1/adapters', { params: { query: { limit: 1 } } }))
    const request = fetch.mock.calls[0]![0]
    expect(request.url).toBe('http://lm.test/root/api/v1/adapters?limit=1')
    expect(request.headers.get('X-API-Key')).toBe('k-123')
  })

  it('turns problem+json into an ApiError with a readable message and reports 401s', async () => {
    const onUnauthorized = vi.fn()
    const problem = { type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'A valid X-API-Key header is required.', request_id: 'r1' }
    const fetch = vi.fn(async () => jsonResponse(401, problem, 'application/problem+json'))
    configureApi({ baseUrl: 'http://lm.test', apiKey: () => null, onUnauthorized, fetch: fetch as unknown as typeof globalThis.fetch })
    const error = await call(api().GET('/api/v1/adapters')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).message).toBe('A valid X-API-Key header is required.')
    expect((error as ApiError).requestId).toBe('r1')
    expect(onUnauthorized).toHaveBeenCalledOnce()
  })

  it('says the server cannot be reached when the network fails', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    configureApi({ baseUrl: 'http://lm.test', apiKey: () => null, fetch: fetch as unknown as typeof globalThis.fetch })
    await expect(call(api().GET('/api/v1/adapters'))).rejects.toThrow(/Cannot reach the LoRA Manager server/)
  })
})
