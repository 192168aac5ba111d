import type { FormState } from './form-state.js';
import type { Action } from './model.js';

export interface RenderContext {
  form: FormState;
  /** Runs a component's action the way Intercom does: submit → POST, url → new tab. */
  act(action: Action | undefined, componentId: string): void;
}

export function saveStateClass(saveState: string | undefined): string {
  return saveState === 'saved' ? 'ck-saved' : saveState === 'failed' ? 'ck-failed' : '';
}
