export * from './janus.errors.js';
