/**
 * Stock levels, the stock movement ledger, receipts and reservations.
 */
@ApplicationModule(allowedDependencies = { "catalog", "members", "shared" })
package coop.litang.cooplive.inventory;

import org.springframework.modulith.ApplicationModule;
