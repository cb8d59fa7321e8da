export { createFileExclusive, ensurePrivateDirectory, replaceFile } from './whole-files.js';
