import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { FullPageLoader } from '../components/full-page-loader.tsx';
import { NotFound } from '../components/status-page.tsx';
import { LoginPage } from '../features/auth/pages/login-page.tsx';
import { RequireAuth } from './require-auth.tsx';
import { RouteError } from './route-error.tsx';

/**
 * A route whose code is loaded when it is first visited: the sign-in page, the first page most
 * visitors see, carries only what it needs (the bundle-size test holds it under its budget).
 */
function lazyRoute<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  return { lazy: async () => ({ Component: pick(await load()) }) };
}

const guards = () => import('./guards.tsx');
const users = () => import('../features/users/pages/users-page.tsx');
const reviews = () => import('../features/access-reviews/pages/reviews-page.tsx');

/**
 * /login · /invitation/:token · /greenbill/verify/:token · /sandbox/zoomit/:invitationId (development) · / (→ first customer) · /customers/:customerId (home) and its pages ·
 * (fleet, fleet/approvals, fleet/:simId, my-line) ·
 * /profile · /backoffice · /mailbox · anything else → not found.
 */
export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <FullPageLoader label="" />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/invitation/:token', ...lazyRoute(() => import('../features/users/pages/invitation-page.tsx'), (m) => m.InvitationPage) },
      { path: '/greenbill/verify/:token', ...lazyRoute(() => import('../features/invoice-delivery/pages/greenbill-verify-page.tsx'), (m) => m.GreenBillVerifyPage) },
      // The development sandbox bank (the server has no such API in production, and the page then says so).
      { path: '/sandbox/zoomit/:invitationId', ...lazyRoute(() => import('../features/invoice-delivery/pages/sandbox-zoomit-page.tsx'), (m) => m.SandboxZoomitPage) },
      {
        element: <RequireAuth />,
        children: [
          {
            ...lazyRoute(() => import('./layout/app-layout.tsx'), (m) => m.AppLayout),
            children: [
              {
                // A page that crashes shows the error inside the shell, navigation still works.
                errorElement: <RouteError />,
                children: [
                  { index: true, ...lazyRoute(guards, (m) => m.HomeRedirect) },
                  { path: 'customers', ...lazyRoute(guards, (m) => m.HomeRedirect) },
                  {
                    path: 'customers/:customerId',
                    ...lazyRoute(guards, (m) => m.CustomerRoute),
                    children: [
                      { index: true, ...lazyRoute(() => import('../features/customers/pages/customer-home-page.tsx'), (m) => m.CustomerHomePage) },
                      { path: 'users', ...lazyRoute(users, (m) => m.UsersRoute) },
                      { path: 'users/:userId', ...lazyRoute(() => import('../features/users/pages/user-detail-page.tsx'), (m) => m.UserDetailRoute) },
                      { path: 'users/:userId/rights', ...lazyRoute(() => import('../features/grants/pages/user-rights-page.tsx'), (m) => m.UserRightsRoute) },
                      { path: 'affiliates', ...lazyRoute(() => import('../features/delegations/pages/affiliates-page.tsx'), (m) => m.AffiliatesRoute) },
                      { path: 'delegations', ...lazyRoute(() => import('../features/delegations/pages/delegations-page.tsx'), (m) => m.DelegationsRoute) },
                      { path: 'audit', ...lazyRoute(() => import('../features/audit/pages/audit-page.tsx'), (m) => m.AuditRoute) },
                      { path: 'reviews', ...lazyRoute(reviews, (m) => m.ReviewsRoute) },
                      { path: 'reviews/:reviewId', ...lazyRoute(() => import('../features/access-reviews/pages/review-detail-page.tsx'), (m) => m.ReviewDetailRoute) },
                      { path: 'insights', ...lazyRoute(() => import('../features/insights/pages/insights-page.tsx'), (m) => m.InsightsRoute) },
                      // Fleet Manager and the end user's own line
                      { path: 'fleet', ...lazyRoute(() => import('../features/fleet/pages/fleet-page.tsx'), (m) => m.FleetRoute) },
                      { path: 'fleet/approvals', ...lazyRoute(() => import('../features/fleet/pages/approvals-page.tsx'), (m) => m.ApprovalsRoute) },
                      { path: 'fleet/:simId', ...lazyRoute(() => import('../features/fleet/pages/sim-detail-page.tsx'), (m) => m.SimDetailRoute) },
                      { path: 'my-line', ...lazyRoute(() => import('../features/fleet/pages/my-line-page.tsx'), (m) => m.MyLineRoute) },
                      // My invoice online
                      { path: 'invoices', ...lazyRoute(() => import('../features/invoices/pages/invoices-page.tsx'), (m) => m.InvoicesRoute) },
                      { path: 'invoices/unbilled', ...lazyRoute(() => import('../features/invoices/pages/unbilled-usage-page.tsx'), (m) => m.UnbilledUsageRoute) },
                      { path: 'invoices/charges', ...lazyRoute(() => import('../features/invoices/pages/charges-page.tsx'), (m) => m.ChargesRoute) },
                      { path: 'invoices/call-credits', ...lazyRoute(() => import('../features/invoices/pages/call-credits-page.tsx'), (m) => m.CallCreditsRoute) },
                      { path: 'invoices/disputes', ...lazyRoute(() => import('../features/invoices/pages/disputes-page.tsx'), (m) => m.DisputesRoute) },
                      { path: 'invoices/documents', ...lazyRoute(() => import('../features/invoices/pages/documents-page.tsx'), (m) => m.DocumentsRoute) },
                      { path: 'invoices/settings', ...lazyRoute(() => import('../features/invoice-delivery/pages/delivery-settings-page.tsx'), (m) => m.DeliverySettingsRoute) },
                      { path: 'invoices/:invoiceId', ...lazyRoute(() => import('../features/invoices/pages/invoice-detail-page.tsx'), (m) => m.InvoiceDetailRoute) },
                      { path: 'invoices/:invoiceId/call-details', ...lazyRoute(() => import('../features/invoices/pages/call-details-page.tsx'), (m) => m.CallDetailsRoute) },
                    ],
                  },
                  { path: 'profile', ...lazyRoute(() => import('../features/profile/pages/profile-page.tsx'), (m) => m.ProfilePage) },
                  { path: 'backoffice', ...lazyRoute(() => import('../features/backoffice/pages/backoffice-page.tsx'), (m) => m.BackofficeRoute) },
                  { path: 'mailbox', ...lazyRoute(() => import('../features/mailbox/pages/mailbox-page.tsx'), (m) => m.MailboxRoute) },
                  { path: '*', element: <NotFound /> },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
]);
