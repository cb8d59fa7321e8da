import {
  Body,
  CallHandler,
  Controller,
  createParamDecorator,
  Injectable,
  Param,
  Post,
  UseInterceptors,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { Roles } from '../auth/access.js';
import type { AnyCommandDeclaration } from './command-declaration.js';
import { CommandExecutor } from './command-executor.js';
import type { CommandResponse } from './command-pipeline.js';
import { IdParamPipe, requestContext, type CommandRequest } from './http-command.js';

/** The request's command-relevant parts (actor, If-Match, Idempotency-Key), read without `@Req`. */
export const CommandHeaders = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandRequest => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return {
    actor: request.actor,
    siteScope: request.siteScope,
    id: request.id,
    method: request.method,
    url: request.url,
    headers: request.headers,
  };
});

/** Sends a command's answer with its status and the strong ETag of the addressed stream's new revision. */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor<CommandResponse, Record<string, unknown>> {
  intercept(ctx: ExecutionContext, next: CallHandler<CommandResponse>): Observable<Record<string, unknown>> {
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((response) => {
        void reply.status(response.status).header('etag', `"${response.revision}"`);
        return response.body;
      }),
    );
  }
}

const ROUTE_PARAM = /:([A-Za-z]+)/g;

export interface CommandControllerOptions {
  path: string;
  tag: string;
  /** Documented request headers of these routes (Idempotency-Key, If-Match). */
  headers?: { name: string; description: string }[];
}

/**
 * A controller with one POST route per declaration: the body validated against the declared DTO,
 * each path parameter checked as an id, the roles enforced by the auth hook, and every route
 * handled by CommandExecutor. Nothing is written per route by hand.
 */
export function commandController(options: CommandControllerOptions, declarations: readonly AnyCommandDeclaration[]): Type<unknown> {
  @ApiTags(options.tag)
  @ApiBearerAuth()
  @UseInterceptors(CommandResponseInterceptor)
  @Controller(options.path)
  class DeclaredCommandsController {
    constructor(readonly executor: CommandExecutor) {}
  }
  for (const header of options.headers ?? []) ApiHeader({ ...header, required: false })(DeclaredCommandsController);
  const prototype = DeclaredCommandsController.prototype as unknown as Record<string, unknown>;
  for (const declaration of declarations) addRoute(prototype, declaration);
  Object.defineProperty(DeclaredCommandsController, 'name', {
    value: `${options.tag[0]!.toUpperCase()}${options.tag.slice(1)}CommandsController`,
  });
  return DeclaredCommandsController;
}

function addRoute(prototype: Record<string, unknown>, declaration: AnyCommandDeclaration): void {
  const params = [...declaration.route.matchAll(ROUTE_PARAM)].map((match) => match[1]!);
  const name = declaration.name;
  // A named method, as a hand-written one would be: Swagger finds the body's type by the function's name.
  const route = {
    [name](this: { executor: CommandExecutor }, body: object, request: CommandRequest, ...values: string[]) {
      const byName = Object.fromEntries(params.map((param, index) => [param, values[index]!]));
      return this.executor.execute(declaration, body, byName, requestContext(request, body));
    },
  }[name]!;
  prototype[name] = route;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
  // What TypeScript's emitted metadata would say of a hand-written method: the body is the DTO.
  Reflect.defineMetadata('design:paramtypes', [declaration.body, Object, ...params.map(() => String)], prototype, name);
  Body()(prototype, name, 0);
  CommandHeaders()(prototype, name, 1);
  params.forEach((param, index) => {
    Param(param, new IdParamPipe(param))(prototype, name, index + 2);
    ApiParam({ name: param, type: String })(prototype, name, descriptor);
  });
  for (const decorate of [
    Post(declaration.route),
    Roles(...declaration.roles),
    ApiOperation({ operationId: name, summary: declaration.summary }),
  ])
    decorate(prototype, name, descriptor);
}
