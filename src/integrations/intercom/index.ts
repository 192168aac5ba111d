export { createIntercomContactSource } from './contact-source.js';
export type { IntercomContactSourceOptions } from './contact-source.js';
