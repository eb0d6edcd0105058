import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY } from '../../auth/auth.decorator.js';
import type { Role } from '../../auth/role.js';
import type { ErrorCode } from '../errors/error-codes.js';
import {
  type DeclaredError,
  type DeclaredErrorCode,
  declaredErrorCodes,
  ERROR_CODES_KEY,
  ERROR_SCHEMAS_KEY,
} from './api-errors.decorator.js';

/** What a route declares beyond what @nestjs/swagger reads: who may call it and how it may fail. */
export interface RouteDeclaration {
  /** `Controller_method`, as @nestjs/swagger names the operation. */
  operationId: string;
  /** The roles of @Auth(...), or `public` for @Public(); `undeclared` is refused by the guard. */
  access: readonly Role[] | 'public' | 'undeclared';
  errors: DeclaredErrorCode[];
  /** Codes whose body also carries another schema (@ApiErrorCarrying): the schema's $ref. */
  carrying: Partial<Record<ErrorCode, string>>;
  /** A path parameter goes through a pipe (UuidPipe, WardIdPipe) that answers 400 invalid_id. */
  validatesPathParameters: boolean;
}

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/** Every route of the application, read from the same metadata the guard and the router use. */
export function routeDeclarations(app: INestApplication): Map<string, RouteDeclaration> {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes = new Map<string, RouteDeclaration>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { instance, metatype } of module.controllers.values()) {
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method];
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, metatype];
        const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
        const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets);
        const errors: DeclaredError[] = [
          ...(Reflect.getMetadata(ERROR_CODES_KEY, metatype) ?? []),
          ...(Reflect.getMetadata(ERROR_CODES_KEY, handler) ?? []),
        ];
        const operationId = `${metatype.name}_${method}`;
        routes.set(operationId, {
          operationId,
          access: isPublic ? 'public' : roles ? roles : 'undeclared',
          errors: declaredErrorCodes(errors),
          carrying: {
            ...(Reflect.getMetadata(ERROR_SCHEMAS_KEY, metatype) ?? {}),
            ...(Reflect.getMetadata(ERROR_SCHEMAS_KEY, handler) ?? {}),
          },
          validatesPathParameters: pathParametersArePiped(metatype, method),
        });
      }
    }
  }
  return routes;
}

function pathParametersArePiped(metatype: Function, method: string): boolean {
  const args: Record<string, RouteArgument> = Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, method) ?? {};
  return Object.entries(args).some(
    ([key, argument]) => key.startsWith(`${RouteParamtypes.PARAM}:`) && (argument.pipes?.length ?? 0) > 0,
  );
}
