import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';

/** Who is acting and in which request; read by audit and custody logging without threading it through calls. */
export interface RequestContext {
  requestId: string;
  ip?: string;
  method?: string;
  path?: string;
  user?: AuthenticatedUser;
  auditRecorded: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const RequestContexts = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};
