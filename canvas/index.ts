export * from './components.js';
export * from './builders.js';
export * from './canvas.js';
export * from './limits.js';
export * from './height.js';
export * from './validate.js';
