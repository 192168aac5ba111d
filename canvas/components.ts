import { z } from 'zod';

// Canvas Kit wire shapes (snake_case, as Intercom names them). One source of truth: the types
// are inferred from these schemas, and validate.ts parses responses with the same schemas.
// Objects are strict because Intercom answers unknown props with "Something went wrong".
// Spec: https://developers.intercom.com/docs/references/canvas-kit (OAS 2.11 schemas, with the
// quirks of /work/shared/reference/canvas-kit.md §8 corrected: checkbox `options`, live canvas).
// Counts, URLs, id uniqueness and sizes are checked in limits.ts, not here.

export const SaveStateSchema = z.enum(['unsaved', 'saved', 'failed']);
export const TextStyleSchema = z.enum(['header', 'paragraph', 'muted', 'error']);
export const TextAlignSchema = z.enum(['left', 'center', 'right']);
export const ImageAlignSchema = z.enum(['left', 'center', 'right', 'full_width']);
export const ButtonStyleSchema = z.enum(['primary', 'secondary', 'link']);
export const SpacerSizeSchema = z.enum(['xs', 's', 'm', 'l', 'xl']);
const BottomMarginSchema = z.literal('none');

export const SubmitActionSchema = z.strictObject({ type: z.literal('submit') });
export const UrlActionSchema = z.strictObject({ type: z.literal('url'), url: z.string() });
/** Messenger only: Intercom refuses sheets in the inbox. */
export const SheetActionSchema = z.strictObject({ type: z.literal('sheet'), url: z.string() });
export const ActionSchema = z.discriminatedUnion('type', [SubmitActionSchema, UrlActionSchema, SheetActionSchema]);

export const OptionSchema = z.strictObject({
  type: z.literal('option'),
  id: z.string(),
  text: z.string(),
  disabled: z.boolean().optional(),
});

export const DataTableItemSchema = z.strictObject({
  type: z.literal('field-value'),
  field: z.string(),
  value: z.string(),
});

/** `image_width`/`image_height` are required when `image` is set (checked in limits.ts). */
export const ListItemSchema = z.strictObject({
  type: z.literal('item'),
  id: z.string(),
  title: z.string(),
  subtitle: z.string().optional(),
  tertiary_text: z.string().optional(),
  image: z.string().optional(),
  image_width: z.int().positive().optional(),
  image_height: z.int().positive().optional(),
  rounded_image: z.boolean().optional(),
  disabled: z.boolean().optional(),
  action: ActionSchema.optional(),
});

export const TextComponentSchema = z.strictObject({
  type: z.literal('text'),
  id: z.string().optional(),
  text: z.string(),
  align: TextAlignSchema.optional(),
  style: TextStyleSchema.optional(),
  bottom_margin: BottomMarginSchema.optional(),
});

export const ImageComponentSchema = z.strictObject({
  type: z.literal('image'),
  id: z.string().optional(),
  url: z.string(),
  width: z.int().positive(),
  height: z.int().positive(),
  align: ImageAlignSchema.optional(),
  rounded: z.boolean().optional(),
  bottom_margin: BottomMarginSchema.optional(),
  action: UrlActionSchema.optional(),
});

export const DividerComponentSchema = z.strictObject({
  type: z.literal('divider'),
  id: z.string().optional(),
  bottom_margin: BottomMarginSchema.optional(),
});

export const SpacerComponentSchema = z.strictObject({
  type: z.literal('spacer'),
  id: z.string().optional(),
  size: SpacerSizeSchema.optional(),
});

export const DataTableComponentSchema = z.strictObject({
  type: z.literal('data-table'),
  items: z.array(DataTableItemSchema),
});

export const ButtonComponentSchema = z.strictObject({
  type: z.literal('button'),
  id: z.string(),
  label: z.string(),
  action: ActionSchema,
  style: ButtonStyleSchema.optional(),
  disabled: z.boolean().optional(),
});

export const InputComponentSchema = z.strictObject({
  type: z.literal('input'),
  id: z.string(),
  label: z.string().optional(),
  placeholder: z.string().optional(),
  value: z.string().optional(),
  action: ActionSchema.optional(),
  save_state: SaveStateSchema.optional(),
  disabled: z.boolean().optional(),
});

export const TextareaComponentSchema = z.strictObject({
  type: z.literal('textarea'),
  id: z.string(),
  label: z.string().optional(),
  placeholder: z.string().optional(),
  value: z.string().optional(),
  error: z.boolean().optional(),
  disabled: z.boolean().optional(),
});

export const DropdownComponentSchema = z.strictObject({
  type: z.literal('dropdown'),
  id: z.string(),
  options: z.array(OptionSchema),
  label: z.string().optional(),
  value: z.string().optional(),
  save_state: SaveStateSchema.optional(),
  disabled: z.boolean().optional(),
});

export const SingleSelectComponentSchema = z.strictObject({
  type: z.literal('single-select'),
  id: z.string(),
  options: z.array(OptionSchema),
  label: z.string().optional(),
  value: z.string().optional(),
  save_state: SaveStateSchema.optional(),
  disabled: z.boolean().optional(),
  action: ActionSchema.optional(),
});

/** We emit `options` (Intercom's own inbox tutorial does); the reference page says `option`. */
export const CheckboxComponentSchema = z.strictObject({
  type: z.literal('checkbox'),
  id: z.string(),
  options: z.array(OptionSchema),
  /** Required by OAS 2.11 although the reference page calls it optional: the safer reading. */
  label: z.string(),
  value: z.array(z.string()).optional(),
  save_state: SaveStateSchema.optional(),
  disabled: z.boolean().optional(),
});

export const ListComponentSchema = z.strictObject({
  type: z.literal('list'),
  items: z.array(ListItemSchema),
  disabled: z.boolean().optional(),
});

export const ComponentSchema = z.discriminatedUnion('type', [
  TextComponentSchema,
  ImageComponentSchema,
  DividerComponentSchema,
  SpacerComponentSchema,
  DataTableComponentSchema,
  ButtonComponentSchema,
  InputComponentSchema,
  TextareaComponentSchema,
  DropdownComponentSchema,
  SingleSelectComponentSchema,
  CheckboxComponentSchema,
  ListComponentSchema,
]);

export const COMPONENT_TYPES = ComponentSchema.options.map((o) => o.shape.type.value);

export const StoredDataSchema = z.record(z.string(), z.unknown());
export const ContentObjectSchema = z.strictObject({ components: z.array(ComponentSchema) });
/** A static canvas, the only kind this app returns (live `content_url` canvases are Messenger only). */
export const CanvasObjectSchema = z.strictObject({
  content: ContentObjectSchema,
  stored_data: StoredDataSchema.optional(),
});
export const EventSchema = z.strictObject({ type: z.literal('completed') });
export const InitializeResponseSchema = z.strictObject({ canvas: CanvasObjectSchema });
export const SubmitResponseSchema = z.strictObject({
  canvas: CanvasObjectSchema,
  event: EventSchema.optional(),
  card_creation_options: z.record(z.string(), z.unknown()).optional(),
});

export type SaveState = z.infer<typeof SaveStateSchema>;
export type TextStyle = z.infer<typeof TextStyleSchema>;
export type TextAlign = z.infer<typeof TextAlignSchema>;
export type ImageAlign = z.infer<typeof ImageAlignSchema>;
export type ButtonStyle = z.infer<typeof ButtonStyleSchema>;
export type SpacerSize = z.infer<typeof SpacerSizeSchema>;
export type SubmitAction = z.infer<typeof SubmitActionSchema>;
export type UrlAction = z.infer<typeof UrlActionSchema>;
export type SheetAction = z.infer<typeof SheetActionSchema>;
export type Action = z.infer<typeof ActionSchema>;
export type Option = z.infer<typeof OptionSchema>;
export type DataTableItem = z.infer<typeof DataTableItemSchema>;
export type ListItem = z.infer<typeof ListItemSchema>;
export type TextComponent = z.infer<typeof TextComponentSchema>;
export type ImageComponent = z.infer<typeof ImageComponentSchema>;
export type DividerComponent = z.infer<typeof DividerComponentSchema>;
export type SpacerComponent = z.infer<typeof SpacerComponentSchema>;
export type DataTableComponent = z.infer<typeof DataTableComponentSchema>;
export type ButtonComponent = z.infer<typeof ButtonComponentSchema>;
export type InputComponent = z.infer<typeof InputComponentSchema>;
export type TextareaComponent = z.infer<typeof TextareaComponentSchema>;
export type DropdownComponent = z.infer<typeof DropdownComponentSchema>;
export type SingleSelectComponent = z.infer<typeof SingleSelectComponentSchema>;
export type CheckboxComponent = z.infer<typeof CheckboxComponentSchema>;
export type ListComponent = z.infer<typeof ListComponentSchema>;
export type Component = z.infer<typeof ComponentSchema>;
export type ComponentType = Component['type'];
export type StoredData = z.infer<typeof StoredDataSchema>;
export type ContentObject = z.infer<typeof ContentObjectSchema>;
export type CanvasObject = z.infer<typeof CanvasObjectSchema>;
export type CanvasEvent = z.infer<typeof EventSchema>;
export type InitializeResponse = z.infer<typeof InitializeResponseSchema>;
export type SubmitResponse = z.infer<typeof SubmitResponseSchema>;
/** Where the canvas is shown: conversation details (inbox) or the Messenger. */
export type CanvasLocation = 'inbox' | 'messenger';
