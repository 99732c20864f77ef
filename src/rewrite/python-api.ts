// Primitives for in-place rewrites of Python API uses on the tree-sitter tree: find the imports of
// a module, move imported names to other modules, find constructor calls and method calls on a
// known variable, rewrite argument lists (remove / rename / add keyword arguments), rename
// attribute accesses. Every primitive returns byte-range edits; everything outside an edit stays
// byte-identical, comments included.
// The primitives live in python-api/ (one module per job); this module re-exports them.
export type { Edit } from '../extract/python/text.js';
export * from './python-api/edits.js';
export * from './python-api/imports.js';
export * from './python-api/lists.js';
export * from './python-api/calls.js';
export * from './python-api/names.js';
