import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../auth/http/index.js';
import type { Principal } from '../auth/index.js';
import { HttpExceptionFilter } from '../http/index.js';
import { IceServersService, type IceServersResponse } from './ice-servers.service.js';

/** STUN/TURN servers for browsers, with short-lived TURN credentials per user. */
@ApiTags('ice')
@Controller('api/ice-servers')
@Authenticated()
@UseFilters(HttpExceptionFilter)
export class IceServersController {
  constructor(private readonly ice: IceServersService) {}

  @Get()
  @ApiOperation({ summary: 'STUN/TURN servers for RTCPeerConnection, with time-limited TURN credentials' })
  @ApiOkResponse({ description: '`{ iceServers: [{ urls, username?, credential? }], ttl? }`' })
  list(@CurrentPrincipal() principal: Principal): IceServersResponse {
    return this.ice.forUser(principal.sub);
  }
}
