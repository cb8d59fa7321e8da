export * from './duplicate-keys.js';
