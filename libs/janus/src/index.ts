/**
 * nestjs-janus: a typed, self-healing client for the Janus WebRTC server, with a NestJS layer.
 * This entry point is the core (also importable alone, without Nest, as `nestjs-janus/core`) plus the Nest layer.
 */
export * from './core/index.js';
export * from './nest/index.js';
