/**
 * Fiscal periods, surplus, dividend runs and statements.
 */
@ApplicationModule(allowedDependencies = { "members", "inventory", "ordering", "shared" })
package coop.litang.cooplive.dividends;

import org.springframework.modulith.ApplicationModule;
