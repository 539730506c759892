// The "./file-store" subpath: a token store in a file, for programs on Node, Deno and Bun (node:fs).
// Kept out of the browser bundle: a page keeps its session in localStorage.
export { fileTokenStore } from './tokens/file-token-store.js';
