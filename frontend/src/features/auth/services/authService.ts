import { api, call } from '@/api/http'

/** Ask the server something that needs the key, to check the key it was given. */
export async function checkApiKey(): Promise<void> {
  await call(api().GET('/api/v1/system/health'))
}
