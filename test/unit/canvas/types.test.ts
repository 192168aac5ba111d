import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type ButtonComponent,
  type CanvasObject,
  type CheckboxComponent,
  type Component,
  type ComponentType,
  type ImageComponent,
  type SubmitResponse,
  CanvasError,
  canvas,
  checkbox,
  option,
  submitButton,
  submitResponse,
  text,
} from '../../../canvas/index.js';

// Checked by `tsc --noEmit` (test/ is in tsconfig): an unused @ts-expect-error is itself an error.
describe('canvas types', () => {
  it('when a builder is called, then it returns the specific component type, assignable to Component', () => {
    expectTypeOf(submitButton('a', 'A')).toEqualTypeOf<ButtonComponent>();
    expectTypeOf(checkbox('c', 'C', [option('x', 'X')])).toEqualTypeOf<CheckboxComponent>();
    expectTypeOf<ButtonComponent>().toExtend<Component>();
    expectTypeOf(canvas([text('x')])).toEqualTypeOf<CanvasObject>();
    expectTypeOf(submitResponse(canvas([]))).toEqualTypeOf<SubmitResponse>();
  });

  it('when a style or save state is misspelt, then it does not compile (and throws if forced)', () => {
    // @ts-expect-error 'title' is not a text style
    expect(() => text('x', { style: 'title' })).toThrow(CanvasError);
    // @ts-expect-error 'danger' is not a button style
    expect(() => submitButton('a', 'A', { style: 'danger' })).toThrow(CanvasError);
    // @ts-expect-error Intercom spells it 'saved'
    expect(() => checkbox('c', 'C', [option('x', 'X')], { saveState: 'success' })).toThrow(/save_state/);
    expectTypeOf<'primary'>().toExtend<NonNullable<ButtonComponent['style']>>();
  });

  it('when the wire types are read, then they use Intercom\'s names and keep the 12 component types', () => {
    expectTypeOf<ComponentType>().toEqualTypeOf<
      'text' | 'image' | 'divider' | 'spacer' | 'data-table' | 'button' | 'input' | 'textarea' | 'dropdown' | 'single-select' | 'checkbox' | 'list'
    >();
    expectTypeOf<CheckboxComponent>().toHaveProperty('options');
    expectTypeOf<NonNullable<ImageComponent['action']>>().toEqualTypeOf<{ type: 'url'; url: string }>();
    // @ts-expect-error an image takes only a url action
    const img: ImageComponent = { type: 'image', url: 'https://x', width: 1, height: 1, action: { type: 'submit' } };
    void img;
    // @ts-expect-error a canvas needs content
    const c: CanvasObject = { stored_data: {} };
    void c;
  });
});
