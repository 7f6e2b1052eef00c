import type { Migration } from 'kysely';
import * as m0001_access_core from '../../../migrations/2026-11-24-0001-access-core.ts';
import * as m0002_access_epoch from '../../../migrations/2026-11-24-0002-access-epoch.ts';
import * as m0003_mail_outbox from '../../../migrations/2026-11-24-0003-mail-outbox.ts';
import * as m0011_users_admin from '../../../migrations/2026-11-24-0011-users-admin.ts';
import * as m0013_delegations from '../../../migrations/2026-11-24-0013-delegations.ts';
import * as m0014_audit from '../../../migrations/2026-11-24-0014-audit.ts';
import * as m0015_access_reviews from '../../../migrations/2026-11-24-0015-access-reviews.ts';
import * as m0016_sims from '../../../migrations/2026-11-24-0016-sims.ts';
import * as m0017_access_context_lean from '../../../migrations/2026-11-24-0017-access-context-lean.ts';
import * as m0018_access_tuples from '../../../migrations/2026-11-24-0018-access-tuples.ts';
import * as m0019_access_context_plain from '../../../migrations/2026-12-03-0019-access-context-plain.ts';
import * as m0020_login_throttle from '../../../migrations/2026-12-03-0020-login-throttle.ts';
import * as m0021_membership_invitations from '../../../migrations/2026-12-03-0021-membership-invitations.ts';
import * as m0022_billing from '../../../migrations/2026-12-03-0022-billing.ts';
import * as m0024_dispute_idempotency from '../../../migrations/2026-12-03-0024-dispute-idempotency.ts';
import * as m0026_rollup_totals from '../../../migrations/2026-12-03-0026-rollup-totals.ts';
import * as m0027_rollup_sim_series from '../../../migrations/2026-12-03-0027-rollup-sim-series.ts';
import * as m0028_invoice_delivery from '../../../migrations/2026-12-04-0028-invoice-delivery.ts';
import * as m0029_fleet from '../../../migrations/2026-12-04-0029-fleet.ts';
import * as m0030_sim_orders from '../../../migrations/2026-12-04-0030-sim-orders.ts';
import * as m0031_bill_shock from '../../../migrations/2026-12-04-0031-bill-shock.ts';
import * as m0032_fleet_activation from '../../../migrations/2026-12-04-0032-fleet-activation.ts';
import * as m0033_fleet_coverage from '../../../migrations/2026-12-05-0033-fleet-coverage.ts';
import * as m0034_sim_usage_months from '../../../migrations/2026-12-05-0034-sim-usage-months.ts';
import * as m0035_operator_sim_orders from '../../../migrations/2026-12-05-0035-operator-sim-orders.ts';
import * as m0036_insights_coverage from '../../../migrations/2026-12-05-0036-insights-coverage.ts';
import * as m0037_sim_holder_since from '../../../migrations/2026-12-05-0037-sim-holder-since.ts';
import * as m0038_personal_data_erasure from '../../../migrations/2026-12-06-0038-personal-data-erasure.ts';
import * as m0039_order_decision_delegation from '../../../migrations/2026-12-06-0039-order-decision-delegation.ts';
import * as m0040_bulk_unchanged from '../../../migrations/2026-12-06-0040-bulk-unchanged.ts';
import * as m0041_bill_shock_unique from '../../../migrations/2026-12-06-0041-bill-shock-unique.ts';
import * as m0042_bulk_item_code from '../../../migrations/2026-12-06-0042-bulk-item-code.ts';
import * as m0043_invoice_pdf_language from '../../../migrations/2026-12-07-0043-invoice-pdf-language.ts';
import * as m0044_billed_msisdn from '../../../migrations/2026-12-07-0044-billed-msisdn.ts';
import * as m0045_audit_actor_index from '../../../migrations/2026-12-08-0045-audit-actor-index.ts';
import * as m0046_mail_attachment from '../../../migrations/2026-12-08-0046-mail-attachment.ts';

/**
 * Every migration in `migrations/`, by name, in the order they run. A static list (not a directory
 * read at run time) so the compiled server carries them in its bundle. A new migration file is
 * added here too; a test fails while the list and the folder differ.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026-11-24-0001-access-core': m0001_access_core,
  '2026-11-24-0002-access-epoch': m0002_access_epoch,
  '2026-11-24-0003-mail-outbox': m0003_mail_outbox,
  '2026-11-24-0011-users-admin': m0011_users_admin,
  '2026-11-24-0013-delegations': m0013_delegations,
  '2026-11-24-0014-audit': m0014_audit,
  '2026-11-24-0015-access-reviews': m0015_access_reviews,
  '2026-11-24-0016-sims': m0016_sims,
  '2026-11-24-0017-access-context-lean': m0017_access_context_lean,
  '2026-11-24-0018-access-tuples': m0018_access_tuples,
  '2026-12-03-0019-access-context-plain': m0019_access_context_plain,
  '2026-12-03-0020-login-throttle': m0020_login_throttle,
  '2026-12-03-0021-membership-invitations': m0021_membership_invitations,
  '2026-12-03-0022-billing': m0022_billing,
  '2026-12-03-0024-dispute-idempotency': m0024_dispute_idempotency,
  '2026-12-03-0026-rollup-totals': m0026_rollup_totals,
  '2026-12-03-0027-rollup-sim-series': m0027_rollup_sim_series,
  '2026-12-04-0028-invoice-delivery': m0028_invoice_delivery,
  '2026-12-04-0029-fleet': m0029_fleet,
  '2026-12-04-0030-sim-orders': m0030_sim_orders,
  '2026-12-04-0031-bill-shock': m0031_bill_shock,
  '2026-12-04-0032-fleet-activation': m0032_fleet_activation,
  '2026-12-05-0033-fleet-coverage': m0033_fleet_coverage,
  '2026-12-05-0034-sim-usage-months': m0034_sim_usage_months,
  '2026-12-05-0035-operator-sim-orders': m0035_operator_sim_orders,
  '2026-12-05-0036-insights-coverage': m0036_insights_coverage,
  '2026-12-05-0037-sim-holder-since': m0037_sim_holder_since,
  '2026-12-06-0038-personal-data-erasure': m0038_personal_data_erasure,
  '2026-12-06-0039-order-decision-delegation': m0039_order_decision_delegation,
  '2026-12-06-0040-bulk-unchanged': m0040_bulk_unchanged,
  '2026-12-06-0041-bill-shock-unique': m0041_bill_shock_unique,
  '2026-12-06-0042-bulk-item-code': m0042_bulk_item_code,
  '2026-12-07-0043-invoice-pdf-language': m0043_invoice_pdf_language,
  '2026-12-07-0044-billed-msisdn': m0044_billed_msisdn,
  '2026-12-08-0045-audit-actor-index': m0045_audit_actor_index,
  '2026-12-08-0046-mail-attachment': m0046_mail_attachment,
};
