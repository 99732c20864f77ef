export * from './summary.js';
export * from './diff.js';
export * from './document.js';
export * from './markdown.js';
export * from './pins.js';
