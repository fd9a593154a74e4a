/**
 * Livestream sessions, line-ups, pinning and live stats.
 */
@ApplicationModule(allowedDependencies = { "catalog", "inventory", "members", "shared" })
package coop.litang.cooplive.livestream;

import org.springframework.modulith.ApplicationModule;
