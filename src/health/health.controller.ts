import { Controller, Get } from '@nestjs/common';

/** Liveness for load balancers and the Docker HEALTHCHECK. A placeholder: Janus readiness checks come later. */
@Controller('health')
export class HealthController {
  @Get()
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
