import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { configureApi } from './api/http'
import { useApiKeyStore } from './features/auth/stores/apiKey'
import { useRuntimeSettingsStore } from './features/runtime-settings/stores/runtimeSettings'
import { makeRouter } from './router'
import './styles/main.css'

async function start(): Promise<void> {
  const pinia = createPinia()
  const app = createApp(App).use(pinia)
  const apiKey = useApiKeyStore(pinia)
  const runtime = useRuntimeSettingsStore(pinia)
  const connect = (baseUrl: string) =>
    configureApi({
      baseUrl,
      apiKey: () => apiKey.key,
      onUnauthorized: () => apiKey.requestKey(apiKey.key !== null),
    })

  connect('')
  await runtime.load()
  if (runtime.settings) connect(runtime.settings.api_base)
  if (runtime.authRequired && !apiKey.key) apiKey.requestKey(false)
  app.use(makeRouter()).mount('#app')
}

void start()
