export * from './config.js';
export * from './worker-config.js';
