import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { badRequest } from '../errors/domain-exception.js';

/** Deeper JSON is refused before it is parsed: class-transformer recurses once per level and would overflow the stack. */
export const MAX_JSON_DEPTH = 32;

/** Whether objects and arrays in `text` nest deeper than `max`, counted in one pass that skips string contents. */
export function jsonNestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * The application/json parser: Fastify's own (secure-json-parse, refusing __proto__ and constructor.prototype), behind a
 * nesting cap that answers 400 json_too_deep on every JSON route, login included.
 */
export function depthCappedJsonParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    const text = body.toString('utf8');
    if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
      done(badRequest('json_too_deep', `JSON bodies may nest objects and arrays at most ${MAX_JSON_DEPTH} deep`, { maxDepth: MAX_JSON_DEPTH }), undefined);
      return;
    }
    parse(request, text, done);
  };
}
