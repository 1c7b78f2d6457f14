import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { IceModule } from '../ice/ice.module.js';
import { SdpBodyMiddleware } from './sdp-body.middleware.js';
import { WhepPlayService } from './whep-play.service.js';
import { WhipAuth } from './whip-auth.service.js';
import { WhipEchoService } from './whip-echo.service.js';
import { WhipController } from './whip.controller.js';
import { WhipIceService } from './whip-ice.service.js';
import { WhipPublishService } from './whip-publish.service.js';
import { WhipResources } from './whip-resources.service.js';

/** WHIP (RFC 9725) and WHEP endpoints over Janus: VideoRoom publish/play and the EchoTest. */
@Module({
  imports: [IceModule],
  controllers: [WhipController],
  providers: [WhipAuth, WhipResources, WhipPublishService, WhipEchoService, WhepPlayService, WhipIceService],
  exports: [WhipResources],
})
export class WhipModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // SDP bodies are read as text on these routes only; the app's JSON parsing stays as it is.
    consumer.apply(SdpBodyMiddleware).forRoutes(WhipController);
  }
}
