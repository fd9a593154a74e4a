/**
 * Orders, their state machine, idempotency and storefront checkout.
 */
@ApplicationModule(allowedDependencies = { "buyers", "catalog", "inventory", "livestream", "payments", "shared" })
package coop.litang.cooplive.ordering;

import org.springframework.modulith.ApplicationModule;
