import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ComposerPage } from './pages/ComposerPage'
import { launchBrowser, newPage, screenshotOnFailure } from './support/browser'
import { writeSampleLibrary } from './support/loraFiles'
import { apiCall, scanAndWait, startServer, type RunningServer } from './support/server'

let server: RunningServer
let browser: Browser
let context: BrowserContext
let page: Page

interface Listed {
  items: { id: number; name: string }[]
}

beforeAll(async () => {
  server = await startServer({ before: ({ libraryDir }) => writeSampleLibrary(libraryDir) })
  await scanAndWait(server)
  const { items } = await apiCall<Listed>(server, 'GET', '/api/v1/adapters?limit=50')
  const byName = new Map(items.map((item) => [item.name, item.id]))
  await apiCall(server, 'POST', `/api/v1/adapters/${byName.get('Ink Wash Style')}/activate`, { weight: 0.8 })
  await apiCall(server, 'POST', `/api/v1/adapters/${byName.get('Neon Cyberpunk City')}/activate`, { weight: 0.6 })
  browser = await launchBrowser()
  ;({ context, page } = await newPage(browser, server.url))
})
afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.stop()
})

it('composes a prompt from the active stack, follows reordering and copies it', async () => {
  screenshotOnFailure(() => page, 'composer-compose-and-copy')
  const composer = new ComposerPage(page)
  await composer.open()
  await expect.poll(() => composer.stack().count()).toBe(2)
  await composer.chooseTool('AUTOMATIC1111')
  await composer.typePrompt('a lighthouse at dusk')
  await expect.poll(() => composer.prompt().textContent()).toMatch(/a lighthouse at dusk/)
  const prompt = (await composer.prompt().textContent()) ?? ''
  expect(prompt).toContain('inkwash')
  expect(prompt).toContain('neoncity')
  expect(prompt.indexOf('<lora:Ink Wash Style:0.8>')).toBeGreaterThan(-1)
  expect(prompt.indexOf('<lora:Ink Wash Style')).toBeLessThan(prompt.indexOf('<lora:Neon Cyberpunk City'))

  await page.getByRole('button', { name: 'Move Neon Cyberpunk City up' }).click()
  await expect
    .poll(async () => {
      const text = (await composer.prompt().textContent()) ?? ''
      return text.indexOf('<lora:Neon Cyberpunk City') < text.indexOf('<lora:Ink Wash Style')
    })
    .toBe(true)

  const copied = await composer.copy()
  expect(copied).toContain('<lora:Neon Cyberpunk City:0.6>')
  expect(copied).toContain('a lighthouse at dusk')
})

it('shows on the Jobs screen that nothing was sent yet, and the scan that ran', async () => {
  screenshotOnFailure(() => page, 'jobs-empty')
  await page.goto('/composer')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click()
  await page.getByRole('heading', { name: 'No deliveries yet' }).waitFor()
  await page.getByRole('region', { name: 'Scans and syncs' }).getByText('Folder scan').first().waitFor()
})
