import { str, type Comp, type Value } from './model.js';

const TEXT = new Set(['input', 'textarea']);
const CHOICE = new Set(['dropdown', 'single-select']);

/**
 * What the teammate has typed or chosen on the current canvas; becomes `input_values` on the
 * next submit (canvas-kit.md §6.4): input/textarea → string, dropdown/single-select → option id,
 * checkbox → array of option ids. A choice nobody made is left out.
 */
export class FormState {
  private values = new Map<string, Value>();

  reset(components: Comp[]): void {
    this.values.clear();
    for (const c of components) {
      const id = str(c, 'id');
      if (!id) continue;
      if (TEXT.has(c.type)) this.values.set(id, str(c, 'value') ?? '');
      else if (CHOICE.has(c.type) && str(c, 'value') !== undefined) this.values.set(id, str(c, 'value')!);
      else if (c.type === 'checkbox') {
        const v = c['value'];
        this.values.set(id, Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
      }
    }
  }

  get(id: string): Value | undefined {
    return this.values.get(id);
  }

  set(id: string, value: Value): void {
    this.values.set(id, value);
  }

  toggle(id: string, optionId: string, on: boolean): void {
    const current = this.values.get(id);
    const chosen = new Set(Array.isArray(current) ? current : []);
    if (on) chosen.add(optionId);
    else chosen.delete(optionId);
    this.values.set(id, [...chosen]);
  }

  inputValues(): Record<string, Value> {
    return Object.fromEntries(this.values);
  }
}
