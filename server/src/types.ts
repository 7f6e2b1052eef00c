import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { Engine } from '@mandate/db/create-db';
import type { AccessContext } from '@mandate/authz/access-context';
import type { AppAbility } from '@mandate/authz/define-ability';
import type { Action, SubjectType } from '@mandate/authz/subjects';
import type { Config } from './config.ts';
import type { Clock } from './lib/clock.ts';

/** What a route needs to be allowed (DESIGN.md §1). */
export interface RouteAuthz {
  action: Action;
  subject: SubjectType;
  /** The route parameter that names the customer the request acts for. */
  customerParam?: string;
}

export interface Principal {
  userId: string;
  sessionId: string;
  context: AccessContext;
  ability: AppAbility;
}

/** An access token carries only the user and the session (and its times). */
export interface AccessTokenPayload {
  sub: string;
  sid: string;
  iat: number;
  exp: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
    authz?: RouteAuthz;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    db: Kysely<DB>;
    dbEngine: Engine;
    migration: string | null;
    clock: Clock;
    config: Readonly<Config>;
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessTokenPayload;
    user: AccessTokenPayload;
  }
}

export {};
