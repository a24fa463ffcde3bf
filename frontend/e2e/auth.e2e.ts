import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { LibraryPage } from './pages/LibraryPage'
import { launchBrowser, newPage, screenshotOnFailure } from './support/browser'
import { writeSampleLibrary } from './support/loraFiles'
import { startServer, type RunningServer } from './support/server'

const KEY = 'e2e-secret-key'
let server: RunningServer
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  server = await startServer({ env: { API_KEY: KEY }, before: ({ libraryDir }) => writeSampleLibrary(libraryDir) })
  browser = await launchBrowser()
  ;({ context, page } = await newPage(browser, server.url))
})
afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.stop()
})

it('asks for the API key, refuses a wrong one and remembers the right one', async () => {
  screenshotOnFailure(() => page, 'auth-api-key')
  const library = new LibraryPage(page)
  await page.goto('/library')
  const dialog = page.getByRole('dialog', { name: 'This server needs an API key' })
  await dialog.waitFor()
  await dialog.getByLabel('API key').fill('wrong-key')
  await dialog.getByRole('button', { name: 'Save key' }).click()
  await dialog.getByRole('alert').filter({ hasText: 'did not accept' }).waitFor()
  await dialog.getByLabel('API key').fill(KEY)
  await dialog.getByRole('button', { name: 'Save key' }).click()
  await dialog.waitFor({ state: 'detached' })
  await page.getByRole('heading', { name: 'Your library is empty' }).waitFor()
  await page.reload()
  await page.getByRole('heading', { name: 'Your library is empty' }).waitFor()
  expect(await page.getByRole('dialog').count()).toBe(0)
  expect(await library.page.getByText('Signed in with an API key').count()).toBe(1)
})
