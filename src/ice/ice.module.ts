import { Module } from '@nestjs/common';
import { IceServersController } from './ice-servers.controller.js';
import { IceServersService } from './ice-servers.service.js';

/** `GET /api/ice-servers`. */
@Module({ controllers: [IceServersController], providers: [IceServersService], exports: [IceServersService] })
export class IceModule {}
