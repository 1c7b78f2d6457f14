import { Global, Module } from '@nestjs/common';
import { RateLimitService } from './rate-limit.service.js';
import { SdpSizeConstraint } from './sdp-size.constraint.js';

/** What every signaling gateway shares: rate limits and the SDP size check (class-validator uses this container). */
@Global()
@Module({ providers: [RateLimitService, SdpSizeConstraint], exports: [RateLimitService, SdpSizeConstraint] })
export class SignalingModule {}
