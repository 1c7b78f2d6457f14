/** Version of the nestjs-janus package. */
export const VERSION = '0.1.0';
