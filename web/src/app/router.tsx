import { createBrowserRouter } from 'react-router';
import { NotFound } from '../components/status-page.tsx';
import { LoginPage } from '../features/auth/pages/login-page.tsx';
import { CustomerHomePage } from '../features/customers/pages/customer-home-page.tsx';
import { ProfilePage } from '../features/profile/pages/profile-page.tsx';
import { InvitationPage } from '../features/users/pages/invitation-page.tsx';
import { UserDetailRoute } from '../features/users/pages/user-detail-page.tsx';
import { UserRightsRoute } from '../features/grants/pages/user-rights-page.tsx';
import { MailboxRoute } from '../features/mailbox/pages/mailbox-page.tsx';
import { AffiliatesRoute } from '../features/delegations/pages/affiliates-page.tsx';
import { DelegationsRoute } from '../features/delegations/pages/delegations-page.tsx';
import { AppRoute, BackofficeRoute, CustomerRoute, HomeRedirect, RequireAuth, UsersRoute } from './guards.tsx';
import { AuditRoute } from '../features/audit/pages/audit-page.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { RouteError } from './route-error.tsx';
import { ReviewsRoute } from '../features/access-reviews/pages/reviews-page.tsx';
import { ReviewDetailRoute } from '../features/access-reviews/pages/review-detail-page.tsx';

/**
 * /login · / (→ first customer) · /customers/:customerId (home) · /customers/:customerId/users ·
 * /customers/:customerId/apps/:app · /profile · /backoffice · anything else → not found.
 */
export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/invitation/:token', element: <InvitationPage /> },
      // @@routes:public:users-admin
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              {
                // A page that crashes shows the error inside the shell, navigation still works.
                errorElement: <RouteError />,
                children: [
                  { index: true, element: <HomeRedirect /> },
                  { path: 'customers', element: <HomeRedirect /> },
                  {
                    path: 'customers/:customerId',
                    element: <CustomerRoute />,
                    children: [
                      { index: true, element: <CustomerHomePage /> },
                      { path: 'users', element: <UsersRoute /> },
                      { path: 'apps/:app', element: <AppRoute /> },
                      { path: 'users/:userId', element: <UserDetailRoute /> },
                      // @@routes:customer:users-admin
                      { path: 'users/:userId/rights', element: <UserRightsRoute /> },
                      // @@routes:customer:grants
                      { path: 'affiliates', element: <AffiliatesRoute /> },
                      { path: 'delegations', element: <DelegationsRoute /> },
                      // @@routes:customer:delegations
                      { path: 'audit', element: <AuditRoute /> },
                      // @@routes:customer:audit
                      { path: 'reviews', element: <ReviewsRoute /> },
                      { path: 'reviews/:reviewId', element: <ReviewDetailRoute /> },
                      // @@routes:customer:reviews
                    ],
                  },
                  { path: 'profile', element: <ProfilePage /> },
                  { path: 'backoffice', element: <BackofficeRoute /> },
                  { path: 'mailbox', element: <MailboxRoute /> },
                  // @@routes:app:mail
                  // @@routes:app:delegations
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
