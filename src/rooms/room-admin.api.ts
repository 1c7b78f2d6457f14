import { applyDecorators, UseFilters, UsePipes } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RequireAdmin } from '../auth/index.js';
import { ApiValidationPipe, ErrorBodyDto, HttpExceptionFilter } from '../http/index.js';
import { MAX_JANUS_ID } from '../signaling/index.js';

/**
 * What every room administration controller has: the admin role (Bearer JWT), validated bodies, errors as
 * `{ code, message, janusCode? }`, and the error responses every route may give in the OpenAPI document.
 */
export function RoomAdminApi(tag: string): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    RequireAdmin(),
    UseFilters(HttpExceptionFilter),
    UsePipes(ApiValidationPipe),
    ApiExtraModels(ErrorBodyDto),
    ApiBadRequestResponse({ description: 'A field is missing or invalid (the message names it)', type: ErrorBodyDto }),
    ApiBadGatewayResponse({ description: 'Janus refused the request (`janusCode` says why)', type: ErrorBodyDto }),
    ApiServiceUnavailableResponse({ description: 'Janus is unreachable', type: ErrorBodyDto }),
    ApiGatewayTimeoutResponse({ description: 'Janus did not answer in time', type: ErrorBodyDto }),
  );
}

const ROOM_PARAM = ApiParam({
  name: 'room',
  description: 'Room id',
  schema: { type: 'integer', minimum: 1, maximum: MAX_JANUS_ID },
});
const FEED_PARAM = ApiParam({
  name: 'feed',
  description: 'Participant (publisher) id in the room',
  schema: { type: 'integer', minimum: 1, maximum: MAX_JANUS_ID },
});

/** The `:room` path parameter. */
export function RoomParam(): MethodDecorator {
  return applyDecorators(
    ROOM_PARAM,
    ApiNotFoundResponse({ description: 'No such room (`janusCode` 426)', type: ErrorBodyDto }),
  );
}

/** The `:room` and `:feed` (a participant of the room) path parameters. */
export function RoomAndFeedParams(): MethodDecorator {
  return applyDecorators(
    ROOM_PARAM,
    FEED_PARAM,
    ApiNotFoundResponse({ description: 'No such room (`janusCode` 426) or participant (428)', type: ErrorBodyDto }),
  );
}
