import { Module } from '@nestjs/common';
import { JanusHealthModule } from 'nestjs-janus/health';
import { HealthController } from './health.controller.js';

@Module({ imports: [JanusHealthModule], controllers: [HealthController] })
export class HealthModule {}
