/**
 * Card and offline payments, webhooks and refunds.
 */
@ApplicationModule(allowedDependencies = { "shared" })
package coop.litang.cooplive.payments;

import org.springframework.modulith.ApplicationModule;
