import fp from 'fastify-plugin';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Helmet's headers on every answer (SEC-2). The SPA's documents get a content policy listing the
 * sources the built app uses (nothing from other origins); HSTS and upgrade-insecure-requests only
 * in production, where the portal is behind HTTPS (a development browser would otherwise pin
 * http://localhost to HTTPS).
 */
export function documentHelmet(production: boolean): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}

/** A JSON answer is never a document: nothing may load from it or frame it (OWASP REST security). */
const apiHelmet = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
} as const;

export default fp(async function securityHeadersPlugin(app: FastifyInstance, options: { production: boolean }) {
  // API routes get the closed policy; everything else (SPA files, the SPA fallback, unknown URLs)
  // the document one. Must be registered before the routes it applies to.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.helmet === undefined) route.helmet = apiHelmet;
  });
  await app.register(helmet, documentHelmet(options.production));
});
