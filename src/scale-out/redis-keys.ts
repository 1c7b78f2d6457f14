/**
 * The start of every key and channel the app uses in Redis (rate limits, placement records, socket.io's
 * channels), so that the app can share a Redis with other programs.
 */
export const REDIS_KEY_PREFIX = 'nestjs-janus:';
