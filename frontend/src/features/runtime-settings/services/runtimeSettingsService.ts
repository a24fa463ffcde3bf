import { api, call, type Schemas } from '@/api/http'

export type FrontendSettings = Schemas['FrontendSettings']

/** Read the server's runtime configuration for the web UI (needs no key). */
export function fetchFrontendSettings(): Promise<FrontendSettings> {
  return call(api().GET('/frontend/settings'))
}
