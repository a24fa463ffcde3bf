import { screen } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/http'
import { renderScreen } from '@/test/render'
import * as authService from '../services/authService'
import { useApiKeyStore } from '../stores/apiKey'
import AuthApiKeyDialog from './AuthApiKeyDialog.vue'

describe('the API key prompt', () => {
  it('asks for a key before checking anything', async () => {
    renderScreen(AuthApiKeyDialog)
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save key' }))
    expect(screen.getByRole('alert').textContent).toContain('Enter the key')
  })

  it('saves a key the server accepts', async () => {
    const check = vi.spyOn(authService, 'checkApiKey').mockResolvedValue()
    renderScreen(AuthApiKeyDialog)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('API key'), 'good-key')
    await user.click(screen.getByRole('button', { name: 'Save key' }))
    expect(check).toHaveBeenCalledOnce()
    expect(useApiKeyStore().key).toBe('good-key')
  })

  it('says what went wrong when the server cannot be asked', async () => {
    vi.spyOn(authService, 'checkApiKey').mockRejectedValue(new ApiError(0, null, 'Cannot reach the LoRA Manager server (down).'))
    renderScreen(AuthApiKeyDialog)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('API key'), 'k')
    await user.click(screen.getByRole('button', { name: 'Save key' }))
    expect((await screen.findByRole('alert')).textContent).toContain('Cannot reach')
  })
})
