export * from './atomic.js';
export * from './git.js';
export * from './manifest.js';
export * from './validate.js';
