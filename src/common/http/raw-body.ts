/**
 * Media types whose request bodies are not parsed but reach the handler as an unread stream (evidence uploads:
 * native exports, players, zips). app.factory registers a no-op parser for them; the upload handler reads request.raw.
 */
export const RAW_BODY_CONTENT_TYPES =
  /^(application\/octet-stream|video\/[\w.+-]+|application\/zip|application\/x-zip-compressed)(;.*)?$/i;
