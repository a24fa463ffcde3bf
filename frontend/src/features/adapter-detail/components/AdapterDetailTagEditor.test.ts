import { render, screen } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import AdapterDetailTagEditor from './AdapterDetailTagEditor.vue'

describe('the tag editor', () => {
  it('adds tags with Enter or commas, skips duplicates and removes them again', async () => {
    const { emitted, rerender } = render(AdapterDetailTagEditor, { props: { modelValue: ['style'] } })
    const user = userEvent.setup()
    await user.type(screen.getByRole('textbox', { name: 'Add a tag' }), 'ink, Style{Enter}')
    const updates = emitted()['update:modelValue'] as string[][][]
    expect(updates.at(-1)![0]).toEqual(['style', 'ink'])
    await rerender({ modelValue: ['style', 'ink'] })
    await user.click(screen.getByRole('button', { name: 'Remove tag style' }))
    expect((emitted()['update:modelValue'] as string[][][]).at(-1)![0]).toEqual(['ink'])
    expect(screen.getAllByRole('listitem').map((li) => li.textContent?.replace('×', '').trim())).toEqual(['ink'])
  })
})
