import { createBrowserRouter } from 'react-router';
import { NotFound } from '../components/status-page.tsx';
import { LoginPage } from '../features/auth/pages/login-page.tsx';
import { CustomerHomePage } from '../features/customers/pages/customer-home-page.tsx';
import { ProfilePage } from '../features/profile/pages/profile-page.tsx';
import { AppRoute, BackofficeRoute, CustomerRoute, HomeRedirect, RequireAuth, UsersRoute } from './guards.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { RouteError } from './route-error.tsx';

/**
 * /login · / (→ first customer) · /customers/:customerId (home) · /customers/:customerId/users ·
 * /customers/:customerId/apps/:app · /profile · /backoffice · anything else → not found.
 */
export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginPage /> },
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
                      // @@routes:customer:users-admin
                      // @@routes:customer:grants
                      // @@routes:customer:delegations
                    ],
                  },
                  { path: 'profile', element: <ProfilePage /> },
                  { path: 'backoffice', element: <BackofficeRoute /> },
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
