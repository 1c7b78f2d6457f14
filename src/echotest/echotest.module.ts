import { Module } from '@nestjs/common';
import { EchoTestGateway } from './echotest.gateway.js';

/** The EchoTest flow for browsers (`/echotest`). */
@Module({ providers: [EchoTestGateway] })
export class EchoTestModule {}
