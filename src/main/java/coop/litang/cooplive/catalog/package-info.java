/**
 * Products and SKUs: codes, names, units, grades and list prices.
 */
@ApplicationModule(allowedDependencies = { "shared" })
package coop.litang.cooplive.catalog;

import org.springframework.modulith.ApplicationModule;
