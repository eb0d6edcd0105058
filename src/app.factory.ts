import multipart from '@fastify/multipart';
import { type LogLevel, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module.js';
import { assertValidCharacters } from './common/http/input-characters.js';
import { RAW_BODY_CONTENT_TYPES } from './common/http/raw-body.js';
import type { AppConfig } from './config/app-config.js';


const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

const NEST_LOG_LEVELS: Record<string, LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Builds the HTTP application exactly as production runs it; tests call this too. Returns it initialised. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    requestIdHeader: 'x-request-id',
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: true,
    bodyLimit: 1024 * 1024,
  });
  const levels = NEST_LOG_LEVELS[config.logLevel] ?? NEST_LOG_LEVELS.info;
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: levels.length > 0 ? levels : false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // One check for every route, before validation and any database: no NUL or unpaired surrogate in any input.
  fastify.addHook('preValidation', async (request) => {
    assertValidCharacters({ path: request.params, query: request.query, body: request.body });
  });
  fastify.addContentTypeParser(RAW_BODY_CONTENT_TYPES, (_request, _payload, done) => done(null));
  await app.register(multipart, { limits: { fileSize: config.imports.maxBytes, files: 1, fields: 10 } });

  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Medway CCTV estate & evidence service')
      .setDescription(
        'Camera estate, RDC reviews, Kyndi monthly activity and digital evidence (DAMS). ' +
          'Every route except health, docs and login needs a bearer token from POST /api/v1/auth/login.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  await app.init();
  await fastify.ready();
  return app;
}
