/**
 * Townships, villages, member households, shareholders and their capital contributions.
 */
@ApplicationModule(allowedDependencies = { "shared" })
package coop.litang.cooplive.members;

import org.springframework.modulith.ApplicationModule;
