/**
 * English catalogue: the type source of every message key. A key missing from nl.ts or fr.ts
 * fails the typecheck. Placeholders are written {name} and filled by t(key, params).
 * Profile names (Access Owner, Access Manager, Support Portal User, Service User) stay in
 * English in every language, as in the contract terms (002 §8).
 */
export const en = {
  'product.name': 'Mandate',
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.goHome': 'Go to the home page',
  'common.none': '—',
  'common.primary': 'primary',
  'common.previous': 'Previous',
  'common.next': 'Next',

  'language.label': 'Language',
  'language.nl': 'Nederlands',
  'language.fr': 'Français',
  'language.en': 'English',

  'login.title': 'Sign in to Mandate',
  'login.subtitle': 'The self-care portal for business customers.',
  'login.email': 'E-mail address',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.emailRequired': 'Enter your e-mail address.',
  'login.emailInvalid': 'Enter a valid e-mail address.',
  'login.passwordRequired': 'Enter your password.',
  'login.error.title': 'Sign-in failed',
  'login.error.invalidCredentials': 'The e-mail address or password is incorrect.',
  'login.error.throttled': 'Too many attempts, try again later.',
  'login.error.suspended': 'Your access has been suspended. Contact your administrator or the operator.',

  'login.sessionEnded': 'Your session has ended. Sign in again.',

  'session.restoring': 'Restoring your session…',

  'layout.skipToContent': 'Skip to content',
  'layout.navigation': 'Main navigation',
  'layout.toggleNavigation': 'Toggle navigation',
  'layout.customer': 'Customer',
  'layout.noCustomer': 'No customer',
  'layout.userMenu': 'User menu',
  'layout.signOut': 'Sign out',
  'layout.home': 'Home',
  'layout.apps': 'Apps',

  'relation.member': 'member',
  'relation.affiliate': 'via {parent}',
  'relation.affiliateUnknown': 'affiliate',
  'relation.delegation': 'delegated to {partner}',
  'relation.delegationUnknown': 'delegation',

  'nav.backoffice': 'Back office',
  'nav.profile': 'My profile',

  'app.user-management': 'User management',
  'app.invoices': 'My invoice online',
  'app.insights': 'Invoice Insights',
  'app.fleet-manager': 'Fleet Manager',
  'app.mobile': 'Mobile numbers',
  'app.invoice-delivery': 'Invoice delivery',
  'app.orders': 'Orders',

  'appDescription.user-management': 'Add users, give them profiles and rights, and see who may do what for your company.',
  'appDescription.invoices': 'Your invoices, billing and usage data, call details and call credits.',
  'appDescription.insights': 'Analyse invoices and usage per month, account, SIM, cost centre or type of charge.',
  'appDescription.fleet-manager': 'Manage your mobile fleet and its billing data; analyse and export it.',
  'appDescription.mobile': 'Follow the usage of each SIM and change its tariff plan and options.',
  'appDescription.invoice-delivery': 'Receive your invoices by e-mail (GreenBill) or in your banking app (Zoomit).',
  'appDescription.orders': 'Order products and services for your company.',

  'appDetails.user-management':
    'Name Access Managers, Support Portal Users and Service Users, give them rights on apps, billing accounts, cost centres or SIMs, and follow who may do what for your company and its affiliates.',
  'appDetails.invoices':
    'Consult your billing and usage data once a billing period is closed, the call details (numbers called and SMS recipients, never their content) and your call credits with their evolution and transfers. The official invoice prevails over the figures shown in the portal.',
  'appDetails.insights':
    'Consult, filter and analyse your invoices and usage per month, per billing account, per SIM, per cost centre and per type of charge. Save your own views and print them.',
  'appDetails.fleet-manager':
    'Manage the devices with our SIM cards and the billing data they generate: consult, filter, analyse, print and export to CSV or spreadsheet. Available for customers with at least 30 SIMs.',
  'appDetails.mobile':
    'Follow the usage of each SIM in near real time, change tariff plans, options and caller-id hiding, block a lost or stolen SIM, and give your employees self-service rights on their own line.',
  'appDetails.invoice-delivery':
    'Stop paper invoices: receive them by e-mail with GreenBill (with a notification by e-mail or SMS) or directly in your banking app with Zoomit.',
  'appDetails.orders': 'Order products and services for your company and follow your orders, within the rights delegated to you.',

  'appLanding.laterRelease': 'This app arrives in a later release.',
  'appLanding.laterReleaseTitle': 'Coming soon',

  'home.title': 'Welcome, {name}',
  'home.subtitle': 'The apps you may use for {customer}.',
  'home.noApps': 'You have no apps at this customer yet. Ask your administrator for access.',

  'profileName.access_owner': 'Access Owner',
  'profileName.access_manager': 'Access Manager',
  'profileName.support_portal_user': 'Support Portal User',
  'profileName.service_user': 'Service User',

  'subProfile.purchaser': 'Purchaser',
  'subProfile.incident_manager': 'Incident manager',
  'subProfile.financial_manager': 'Financial manager',
  'subProfile.fleet_manager': 'Fleet manager',

  'status.active': 'Active',
  'status.suspended': 'Suspended',

  'users.title': 'Users',
  'users.subtitle': 'Everyone who may act for {customer}.',
  'users.tableLabel': 'Users of {customer}',
  'users.searchLabel': 'Search users',
  'users.searchPlaceholder': 'Name or e-mail address',
  'users.column.name': 'Name',
  'users.column.email': 'E-mail address',
  'users.column.profile': 'Profile',
  'users.column.status': 'Status',
  'users.column.employmentEnd': 'Employment end',
  'users.filter.profile': 'Profile',
  'users.filter.status': 'Status',
  'users.filter.any': 'All',
  'users.empty': 'No users match',
  'users.noEnd': 'No end date',

  'table.page': 'Page {page}',
  'table.pagination': 'Pagination',

  'myProfile.title': 'My profile',
  'myProfile.details': 'Personal details',
  'myProfile.name': 'Name',
  'myProfile.email': 'E-mail address',
  'myProfile.language': 'Preferred language',
  'myProfile.operator': 'Operator staff',
  'myProfile.profiles': 'My profiles per customer',
  'myProfile.customer': 'Customer',
  'myProfile.enterpriseNumber': 'Enterprise number',
  'myProfile.relation': 'How you act for it',
  'myProfile.profile': 'Profile',
  'myProfile.noCustomers': 'You do not act for any customer.',
  'myProfile.viaAffiliate': 'Access Owner of the parent company',
  'myProfile.viaDelegation': 'Delegation',

  'administrator.title': 'Who is my administrator?',
  'administrator.intro': 'Contact them for access or rights at {customer}.',
  'administrator.none': 'This customer has no administrator yet.',
  'administrator.noCustomer': 'Select a customer to see its administrators.',
  'administrator.email': 'E-mail',
  'administrator.phone': 'Phone',

  'backoffice.title': 'Back office',
  'backoffice.description':
    'The operator’s work on behalf of customers: accepting registrations, reviewing third-party delegations, and suspending a customer or a user for security or fraud.',
  'backoffice.queues': 'The work queues arrive in a later release.',

  'error.notFound.title': 'Page not found',
  'error.notFound.text': 'This page does not exist or is not available to you.',
  'error.customerNotFound.title': 'Customer not found',
  'error.customerNotFound.text': 'You cannot act for this customer, or it does not exist.',
  'error.notAvailable.title': 'Not available',
  'error.forbidden': 'You do not have access to this.',
  'error.network.title': 'Cannot reach the server',
  'error.network.text': 'Check your connection and try again.',
  'error.generic.title': 'Something went wrong',
  'error.generic.text': 'An unexpected error occurred. Try again later.',
  'error.validation.title': 'Invalid request',
  // @@i18n:mail
  // @@i18n:users-admin
  // @@i18n:grants
  // @@i18n:delegations
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
