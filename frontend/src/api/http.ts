// The one HTTP layer: base URL, the X-API-Key header, problem+json into readable errors.
import createClient, { type Client, type Middleware } from 'openapi-fetch'
import type { components, paths } from './schema'

export type Schemas = components['schemas']
export type Problem = Schemas['Problem']

export interface ApiOptions {
  /** Prefix before the OpenAPI paths ('' when the server runs at the root). */
  baseUrl: string
  apiKey: () => string | null
  onUnauthorized?: (error: ApiError) => void
  fetch?: typeof fetch
}

/** An API call that failed, with the server's problem details when it sent them. */
export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem | null

  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem ? problemMessage(problem) : fallback)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }

  get requestId(): string | null {
    return this.problem?.request_id ?? null
  }
}

const PLACE = new Set(['body', 'query', 'path', 'header'])

/** Turn problem details into one sentence a person can act on. */
export function problemMessage(problem: Problem): string {
  const main = problem.detail || problem.title || `Request failed (${problem.status})`
  const fields = (problem.errors ?? []).slice(0, 5).map((error) => {
    const loc = error.loc.filter((part, i) => !(i === 0 && PLACE.has(String(part))))
    return loc.length ? `${loc.join('.')}: ${error.msg}` : error.msg
  })
  if (!fields.length) return main
  return `${main.replace(/[.]$/, '')} — ${fields.join('; ')}`
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value
}

let options: ApiOptions = { baseUrl: '', apiKey: () => null }
let client: Client<paths> | null = null

const authMiddleware: Middleware = {
  onRequest({ request }) {
    const key = options.apiKey()
    if (key) request.headers.set('X-API-Key', key)
    return request
  },
}

export function configureApi(next: ApiOptions): void {
  options = next
  client = createClient<paths>({ baseUrl: next.baseUrl, fetch: next.fetch })
  client.use(authMiddleware)
}

/** The typed client generated from the backend's OpenAPI. */
export function api(): Client<paths> {
  if (!client) configureApi(options)
  return client as Client<paths>
}

/** Prefix a server-relative URL (preview_url, …) with the API base. */
export function apiUrl(path: string): string {
  return options.baseUrl + path
}

function failure(status: number, body: unknown): ApiError {
  const problem = isProblem(body) ? body : null
  const error = new ApiError(status, problem, `The server answered ${status}.`)
  if (status === 401) options.onUnauthorized?.(error)
  return error
}

function unreachable(cause: unknown): ApiError {
  const text = cause instanceof Error ? cause.message : String(cause)
  return new ApiError(0, null, `Cannot reach the LoRA Manager server (${text}).`)
}

interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/** Await a typed call and return its data, or throw an ApiError. */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>
  try {
    result = await request
  } catch (cause) {
    throw unreachable(cause)
  }
  if (!result.response.ok) throw failure(result.response.status, result.error)
  return result.data as T
}
