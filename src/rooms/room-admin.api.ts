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

/** A path parameter that holds a Janus id (read with `JanusIdPipe`): its name and what it names. */
export interface IdParam {
  name: string;
  description: string;
}

/**
 * The route's Janus id path parameters (`:room`, `:feed`, a mountpoint's `:id`) in the OpenAPI document, and its
 * 404 (`notFound`: which ids Janus may not know, with their `janusCode`s).
 */
export function JanusIdParams(notFound: string, ...params: IdParam[]): MethodDecorator {
  return applyDecorators(
    ...params.map(({ name, description }) =>
      ApiParam({ name, description, schema: { type: 'integer', minimum: 1, maximum: MAX_JANUS_ID } }),
    ),
    ApiNotFoundResponse({ description: notFound, type: ErrorBodyDto }),
  );
}

const ROOM: IdParam = { name: 'room', description: 'Room id' };
const FEED: IdParam = { name: 'feed', description: 'Participant (publisher) id in the room' };

/** The `:room` path parameter. */
export function RoomParam(): MethodDecorator {
  return JanusIdParams('No such room (`janusCode` 426)', ROOM);
}

/** The `:room` and `:feed` (a participant of the room) path parameters. */
export function RoomAndFeedParams(): MethodDecorator {
  return JanusIdParams('No such room (`janusCode` 426) or participant (428)', ROOM, FEED);
}
