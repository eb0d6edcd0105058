import multipart from '@fastify/multipart';
import { type LogLevel, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { clientErrorHandler } from './common/http/client-errors.js';
import { assertValidCharacters } from './common/http/input-characters.js';
import { depthCappedJsonParser } from './common/http/json-body.js';
import { RAW_BODY_CONTENT_TYPES } from './common/http/raw-body.js';
import { newRequestId, requestLogger } from './common/http/request-id.js';
import { buildApiDocument } from './common/openapi/api-document.js';
import type { AppConfig } from './config/app-config.js';

/** Path parameters longer than this get 414 (in the error shape); shorter non-UUIDs reach UuidPipe's 400 invalid_id. */
const MAX_PARAM_LENGTH = 1000;

const NEST_LOG_LEVELS: Record<string, LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

export interface CreateAppOptions {
  /** Called before the routes are registered, e.g. for the test harness to add a hook that checks every response. */
  instrument?: (fastify: FastifyInstance) => void;
}

/** Builds the HTTP application exactly as production runs it; tests call this too. Returns it initialised. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const errors = new AllExceptionsFilter();
  const adapter = new FastifyAdapter({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    requestIdHeader: false,
    genReqId: newRequestId,
    childLoggerFactory: requestLogger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Errors Fastify raises before a route is matched (too long or badly encoded URL) and that Node's parser raises.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => errors.send(error, request, reply),
    clientErrorHandler,
  });
  const levels = NEST_LOG_LEVELS[config.logLevel] ?? NEST_LOG_LEVELS.info;
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: levels.length > 0 ? levels : false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  options.instrument?.(fastify);
  // One check for every route, before validation and any database: no NUL or unpaired surrogate in any input.
  fastify.addHook('preValidation', async (request) => {
    assertValidCharacters({ path: request.params, query: request.query, body: request.body });
  });
  app.useBodyParser('application/json', { bodyLimit: 1024 * 1024 }, depthCappedJsonParser(fastify));
  fastify.addContentTypeParser(RAW_BODY_CONTENT_TYPES, (_request, _payload, done) => done(null));
  await app.register(multipart, { limits: { fileSize: config.imports.maxBytes, files: 1, fields: 10 } });

  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });

  const document = buildApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  await app.init();
  await fastify.ready();
  return app;
}
