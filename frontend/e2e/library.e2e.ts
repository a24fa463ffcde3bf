import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { AdapterPage } from './pages/AdapterPage'
import { LibraryPage } from './pages/LibraryPage'
import { launchBrowser, newPage, screenshotOnFailure } from './support/browser'
import { SAMPLE_LIBRARY, writeSampleLibrary } from './support/loraFiles'
import { apiCall, scanAndWait, startServer, type RunningServer } from './support/server'

let server: RunningServer
let browser: Browser
let context: BrowserContext | undefined
let page: Page | undefined

beforeAll(async () => {
  server = await startServer({ before: ({ libraryDir }) => writeSampleLibrary(libraryDir) })
  await scanAndWait(server)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})
beforeEach(async ({ task }) => {
  ;({ context, page } = await newPage(browser, server.url))
  screenshotOnFailure(() => page, `library-${task.name}`)
})
afterEach(async () => {
  await context?.close()
  context = undefined
  page = undefined
})

const ALL = SAMPLE_LIBRARY.map((spec) => spec.name).sort()

describe('the library gallery', () => {
  it('shows every scanned adapter with its base model, type and trigger words', async () => {
    const library = new LibraryPage(page!)
    await library.open()
    await expect.poll(() => library.names()).toEqual(ALL)
    const card = library.adapter('Ink Wash Style')
    expect(await card.textContent()).toContain('SDXL 1.0')
    expect(await card.textContent()).toContain('inkwash, sumi-e')
    expect(await card.locator('img').getAttribute('loading')).toBe('lazy')
    expect(await library.count().textContent()).toBe('6 adapters')
  })

  it('switches to the list view and keeps it in the address', async () => {
    const library = new LibraryPage(page!)
    await library.open()
    await library.showAs('List')
    await page!.waitForURL(/view=list/)
    await expect.poll(() => library.grid.getAttribute('data-view')).toBe('list')
    await expect.poll(() => library.names()).toEqual(ALL)
  })

  it('filters by base model, shows the filter in the URL and keeps it on reload', async () => {
    const library = new LibraryPage(page!)
    await library.open()
    await library.toggleFilter('Base model', 'Pony')
    await page!.waitForURL(/base_model=Pony/)
    await expect.poll(() => library.names()).toEqual(['Pony Mecha Pilot'])
    await page!.reload()
    await expect.poll(() => library.names()).toEqual(['Pony Mecha Pilot'])
    expect(await library.filters().getByRole('checkbox', { name: 'Pony' }).isChecked()).toBe(true)
  })

  it('finds an adapter by one of its trigger words', async () => {
    const library = new LibraryPage(page!)
    await library.open()
    await library.search('sumi-e')
    await page!.waitForURL(/q=sumi-e/)
    await expect.poll(() => library.names()).toEqual(['Ink Wash Style'])
  })

  it('says so when nothing matches, and clears the filters on request', async () => {
    const library = new LibraryPage(page!)
    await library.open('?q=no-such-adapter-anywhere')
    await page!.getByRole('heading', { name: 'No adapters match these filters' }).waitFor()
    await page!.getByRole('button', { name: 'Clear filters' }).click()
    await expect.poll(() => library.names()).toEqual(ALL)
  })

  it('moves through the gallery with the keyboard and opens an adapter with Enter', async () => {
    const library = new LibraryPage(page!)
    await library.open()
    await expect.poll(() => library.names()).toEqual(ALL)
    await library.grid.focus()
    await page!.keyboard.press('ArrowRight')
    await page!.keyboard.press('Space')
    expect(await library.adapter(ALL[1]!).getAttribute('aria-selected')).toBe('true')
    await page!.keyboard.press('Escape')
    await page!.keyboard.press('Enter')
    await page!.waitForURL(/\/adapters\/\d+$/)
    expect(await new AdapterPage(page!).heading().textContent()).toBe(ALL[1])
  })
})

describe('an adapter', () => {
  it('opens from the gallery with trigger words, hashes and training tags', async () => {
    const library = new LibraryPage(page!)
    await library.open()
    await library.adapter('Watercolor Landscapes').click()
    const adapter = new AdapterPage(page!)
    await page!.waitForURL(/\/adapters\/\d+$/)
    expect(await adapter.heading().textContent()).toBe('Watercolor Landscapes')
    expect(await adapter.triggerWords().textContent()).toContain('wclandscape')
    await adapter.triggerWords().getByRole('button', { name: 'Copy wclandscape' }).click()
    expect(await page!.evaluate(() => navigator.clipboard.readText())).toBe('wclandscape')
    const file = await adapter.openTab('File & hashes')
    expect(await file.textContent()).toMatch(/SHA256[0-9a-f]{64}/)
    const training = await adapter.openTab('Training')
    expect(await training.getByRole('rowheader').allTextContents()).toEqual(['wclandscape', 'watercolor'])
  })

  it('keeps tags the user adds', async () => {
    const [first] = (await apiCall<{ items: { id: number }[] }>(server, 'GET', '/api/v1/adapters?q=Neon')).items
    await page!.goto(`/adapters/${first!.id}`)
    const adapter = new AdapterPage(page!)
    await adapter.heading().waitFor()
    await adapter.addTag('cyberpunk')
    await adapter.addTag('night')
    await adapter.save()
    await page!.reload()
    await expect.poll(() => adapter.tags().allTextContents()).toEqual([expect.stringContaining('cyberpunk'), expect.stringContaining('night')])
    const library = new LibraryPage(page!)
    await library.open('?tags=cyberpunk')
    await expect.poll(() => library.names()).toEqual(['Neon Cyberpunk City'])
  })
})

describe('bulk actions', () => {
  it('activates a shift-click range of adapters and reports each result', async () => {
    const library = new LibraryPage(page!)
    await library.open()
    await expect.poll(() => library.names()).toEqual(ALL)
    await library.tick(ALL[0]!)
    await library.tick(ALL[2]!, { shift: true })
    await expect.poll(() => library.bulkBar().getByRole('status').textContent()).toBe('3 selected')
    const dialog = await library.bulk('Activate')
    expect(await dialog.getByRole('heading').textContent()).toBe('Activate 3 adapters?')
    await dialog.getByRole('button', { name: 'Activate' }).click()
    await page!.getByRole('status').filter({ hasText: 'Activate 3 adapters: done.' }).waitFor()
    await library.open('?active=true')
    await expect.poll(() => library.names()).toEqual(ALL.slice(0, 3))
    await apiCall(server, 'POST', '/api/v1/adapters/bulk', { action: 'deactivate', ids: [1, 2, 3, 4, 5, 6] })
  })

  it('selects all matching adapters and tags them', async () => {
    const library = new LibraryPage(page!)
    await library.open('?base_model=SD+1.5')
    await expect.poll(() => library.names()).toHaveLength(3)
    await library.tick('Pastel Portraits')
    await library.bulkBar().getByRole('button', { name: 'Select all 3 matching' }).click()
    const dialog = await library.bulk('Add tags')
    await dialog.getByRole('textbox').fill('classic')
    await dialog.getByRole('button', { name: 'Add tags to' }).click()
    await page!.getByRole('status').filter({ hasText: 'done.' }).waitFor()
    const tagged = await apiCall<{ total: number }>(server, 'GET', '/api/v1/adapters?tags=classic&limit=1')
    expect(tagged.total).toBe(3)
  })
})
