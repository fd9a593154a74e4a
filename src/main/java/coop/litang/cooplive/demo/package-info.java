/**
 * Litang demo data loaded into an empty database for local runs.
 */
@ApplicationModule(allowedDependencies = { "catalog", "members", "identity", "shared" })
package coop.litang.cooplive.demo;

import org.springframework.modulith.ApplicationModule;
