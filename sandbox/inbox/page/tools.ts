import type { ContactSummary } from '../wire.js';
import type { Api } from './api.js';
import { byId } from './dom.js';

/** Sandbox-only controls: referral activity in the RF stand-in for the open contact. */
export function mountTools(api: Api): { setContact(c: ContactSummary): void; note(text: string): void } {
  const status = byId('tools-status');
  const buttons = {
    referral: byId<HTMLButtonElement>('simulate-referral'),
    conversion: byId<HTMLButtonElement>('simulate-conversion'),
  };
  let contact: ContactSummary | null = null;
  const available = !!api.setup.endpoints.simulateReferral;
  if (!available) byId('tools').hidden = true;

  function refresh(): void {
    for (const b of Object.values(buttons)) b.disabled = !contact?.email;
  }
  async function simulate(qualified: boolean): Promise<void> {
    if (!contact?.email) return;
    const email = contact.email;
    status.textContent = 'Working…';
    try {
      await api.simulateReferral({ email, count: 1, qualified });
      status.textContent = `${qualified ? 'A converted referral' : 'A referral'} was recorded for ${email} in Referral Factory. Press Refresh in the app (or wait for the next ongoing run) to see the counts change.`;
    } catch (err) {
      status.textContent = `Referral Factory refused: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  buttons.referral.addEventListener('click', () => void simulate(false));
  buttons.conversion.addEventListener('click', () => void simulate(true));
  refresh();

  return {
    setContact(c) {
      contact = c;
      status.textContent = '';
      refresh();
    },
    note(text) {
      status.textContent = text;
    },
  };
}
