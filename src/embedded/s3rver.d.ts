declare module 's3rver' {
  import type { AddressInfo } from 'node:net';
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface S3rverOptions {
    address?: string;
    port?: number;
    directory: string;
    silent?: boolean;
    resetOnClose?: boolean;
    configureBuckets?: { name: string; configs: (string | Buffer)[] }[];
  }

  /** A Koa application. */
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    /** Creates the buckets given in `configureBuckets` (run() does this before listening). */
    configureBuckets(): Promise<void>;
    /** Koa's request handler, for serving the app from an HTTP server of one's own. */
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
  }
}
