import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { VERSION } from 'nestjs-janus';
import { BEARER_AUTH } from '../auth/index.js';

/** Where the OpenAPI UI is served; the JSON document is at `${OPENAPI_PATH}-json`. */
export const OPENAPI_PATH = 'api/docs';

/**
 * Serves the OpenAPI document of the app's HTTP API (generated from the controllers and DTOs) at `/api/docs-json`
 * and its UI at `/api/docs`. The document is built on the first request.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('nestjs-janus')
    .setDescription(
      'HTTP API of the nestjs-janus app. Errors answer with `{ code, message, janusCode? }`. Routes that need a ' +
        'token take a JWT as `Authorization: Bearer <token>`; room administration needs the admin role.',
    )
    .setVersion(VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_AUTH)
    .build();
  SwaggerModule.setup(OPENAPI_PATH, app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: `${OPENAPI_PATH}-json`,
    customSiteTitle: 'nestjs-janus API',
  });
}
