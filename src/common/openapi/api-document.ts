import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorBody } from '../errors/error-body.js';
import { PageResponse } from './api-responses.decorator.js';
import { describeOperations } from './describe-operations.js';
import { routeDeclarations } from './route-declarations.js';

/** The OpenAPI document served at /docs-json: the decorators, completed from the routes' declarations. */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Medway CCTV estate & evidence service')
      .setDescription(
        'Camera estate, RDC reviews, Kyndi monthly activity and digital evidence (DAMS). ' +
          'Every route except health, docs and login needs a bearer token from POST /api/v1/auth/login. ' +
          'Every error is an `ErrorBody`; each operation lists the codes it may answer with.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorBody, PageResponse] },
  );
  describeOperations(document, routeDeclarations(app));
  return document;
}
