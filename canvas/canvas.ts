import type {
  CanvasLocation,
  CanvasObject,
  Component,
  InitializeResponse,
  StoredData,
  SubmitResponse,
} from './components.js';
import { CanvasError, MAX_JSON_BYTES, componentIssues, jsonByteLength, throwOnError } from './limits.js';

export interface CanvasOptions {
  /** Where the canvas is shown; the inbox refuses sheet actions. Default 'inbox'. */
  location?: CanvasLocation;
}

/**
 * A static canvas. Checks what single builders cannot: ids unique across the canvas (list items
 * included), no sheet action in the inbox, and `content`/`stored_data` each ≤ 64 KB of JSON.
 */
export function canvas(components: Component[], storedData?: StoredData, opts: CanvasOptions = {}): CanvasObject {
  throwOnError(componentIssues(components, opts.location ?? 'inbox'));
  const content = { components };
  const contentBytes = jsonByteLength(content);
  if (contentBytes > MAX_JSON_BYTES) {
    throw new CanvasError(`canvas content is ${contentBytes} bytes of JSON, over Intercom's ${MAX_JSON_BYTES}`);
  }
  if (storedData === undefined) return { content };
  const storedBytes = jsonByteLength(storedData);
  if (storedBytes > MAX_JSON_BYTES) {
    throw new CanvasError(`canvas stored_data is ${storedBytes} bytes of JSON, over Intercom's ${MAX_JSON_BYTES}`);
  }
  return { content, stored_data: storedData };
}

export const initializeResponse = (c: CanvasObject): InitializeResponse => ({ canvas: c });

/**
 * `completed` tells Intercom the app finished its job (lets Workflows continue);
 * `cardCreationOptions` (inbox only) asks Intercom to insert a Messenger card into the reply.
 */
export function submitResponse(
  c: CanvasObject,
  opts: { completed?: boolean; cardCreationOptions?: Record<string, unknown> } = {},
): SubmitResponse {
  return {
    canvas: c,
    ...(opts.completed ? { event: { type: 'completed' as const } } : {}),
    ...(opts.cardCreationOptions ? { card_creation_options: opts.cardCreationOptions } : {}),
  };
}
