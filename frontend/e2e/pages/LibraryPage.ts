import type { Locator, Page } from 'playwright-core'

/** The library gallery, in the words a user would use. */
export class LibraryPage {
  constructor(readonly page: Page) {}

  async open(query = ''): Promise<void> {
    await this.page.goto(`/library${query}`)
    await this.page.getByRole('listbox', { name: 'Adapters' }).or(this.page.getByRole('heading', { level: 2 })).first().waitFor()
  }

  get grid(): Locator {
    return this.page.getByRole('listbox', { name: 'Adapters' })
  }

  get adapters(): Locator {
    return this.grid.getByRole('option')
  }

  adapter(name: string): Locator {
    return this.grid.getByRole('option', { name, exact: true })
  }

  async names(): Promise<string[]> {
    return (await this.adapters.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''))).sort()
  }

  count(): Locator {
    return this.page.getByRole('status').filter({ hasText: /adapters?$/ })
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search adapters' }).fill(text)
  }

  filters(): Locator {
    return this.page.getByRole('complementary', { name: 'Filters' })
  }

  async toggleFilter(group: string, value: string): Promise<void> {
    await this.filters().getByRole('group', { name: group }).getByRole('checkbox', { name: value }).click()
  }

  async showAs(view: 'Grid' | 'List'): Promise<void> {
    await this.page.getByRole('group', { name: 'View' }).getByRole('button', { name: view }).click()
  }

  /** Tick an adapter's selection box (shift for a range from the last one ticked). */
  async tick(name: string, options: { shift?: boolean } = {}): Promise<void> {
    const box = this.adapter(name).locator('[data-role="check"]')
    await box.click({ modifiers: options.shift ? ['Shift'] : [] })
  }

  bulkBar(): Locator {
    return this.page.getByRole('toolbar', { name: 'Selected adapters' })
  }

  async bulk(action: string): Promise<Locator> {
    await this.bulkBar().getByRole('button', { name: action, exact: true }).click()
    return this.page.getByRole('dialog')
  }
}
