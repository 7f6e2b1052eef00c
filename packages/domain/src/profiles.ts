/** ROLE-1: the four profiles and the SPU sub-profiles. Pure data, shared by server, web and authz. */
export const PROFILES = ['access_owner', 'access_manager', 'support_portal_user', 'service_user'] as const;
export type Profile = (typeof PROFILES)[number];

export const SUB_PROFILES = ['purchaser', 'incident_manager', 'financial_manager', 'fleet_manager'] as const;
export type SubProfile = (typeof SUB_PROFILES)[number];

/** ROLE-7: the bases on which a natural person may hold rights within a customer. */
export const EMPLOYMENT_BASES = ['employment_fixed_term', 'employment_indefinite', 'civil_servant', 'management_contract'] as const;
export type EmploymentBasis = (typeof EMPLOYMENT_BASES)[number];

/** ACC-2: bases of control of an affiliate. */
export const CONTROL_BASES = ['de_jure_voting_rights', 'de_jure_directors', 'de_jure_statutes', 'de_facto_general_meetings'] as const;
export type ControlBasis = (typeof CONTROL_BASES)[number];

/** The apps of the portal (SPEC §4–8 and the user-management app). */
export const APPS = ['user-management', 'invoices', 'insights', 'fleet-manager', 'mobile', 'invoice-delivery', 'orders'] as const;
export type App = (typeof APPS)[number];

export const LANGUAGES = ['nl', 'fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
