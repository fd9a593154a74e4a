/**
 * Card payments through Stripe behind our own port, verified webhooks applied once,
 * refunds, reconciliation with Stripe, and payments flagged for an admin.
 */
@ApplicationModule(allowedDependencies = { "shared", "ordering" })
package coop.litang.cooplive.payments;

import org.springframework.modulith.ApplicationModule;
