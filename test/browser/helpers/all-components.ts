// One of each Canvas Kit component (canvas-kit.md §6), as an app could answer them.
export function allComponents(imageUrl: string): Array<Record<string, unknown>> {
  const opt = (id: string, text: string) => ({ type: 'option', id, text });
  return [
    { type: 'text', text: 'Every component', style: 'header' },
    { type: 'text', text: 'A **bold** word, *another*, and a [link](https://example.com/docs).' },
    { type: 'text', text: 'Muted text', style: 'muted' },
    { type: 'text', text: 'Error text', style: 'error', bottom_margin: 'none' },
    { type: 'divider' },
    { type: 'spacer', size: 'l' },
    { type: 'image', url: imageUrl, width: 40, height: 40, rounded: true },
    { type: 'data-table', items: [{ type: 'field-value', field: 'Referrals', value: '3' }] },
    { type: 'input', id: 'name', label: 'Name', placeholder: 'Full name' },
    { type: 'input', id: 'code', label: 'Code', value: 'A1', save_state: 'saved' },
    { type: 'input', id: 'bad', label: 'Bad', value: 'x', save_state: 'failed' },
    { type: 'textarea', id: 'notes', label: 'Notes' },
    { type: 'dropdown', id: 'plan', label: 'Plan', options: [opt('free', 'Free'), opt('pro', 'Pro')] },
    { type: 'single-select', id: 'kind', label: 'Kind', options: [opt('lead', 'Lead'), opt('user', 'User')] },
    { type: 'checkbox', id: 'tags', label: 'Tags', options: [opt('a', 'Alpha'), opt('b', 'Beta')], value: ['a'] },
    { type: 'list', items: [{ type: 'item', id: 'run-1', title: 'Run 1', subtitle: 'Finished', action: { type: 'submit' } }] },
    { type: 'button', id: 'save', label: 'Save', action: { type: 'submit' } },
    { type: 'button', id: 'docs', label: 'Docs', style: 'link', action: { type: 'url', url: imageUrl } },
    { type: 'button', id: 'off', label: 'Off', style: 'secondary', disabled: true, action: { type: 'submit' } },
  ];
}
