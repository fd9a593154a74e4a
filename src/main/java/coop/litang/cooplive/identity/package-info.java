/**
 * Users, roles, passwords and signed access tokens; the HTTP security rules.
 */
@ApplicationModule(allowedDependencies = { "shared", "members" })
package coop.litang.cooplive.identity;

import org.springframework.modulith.ApplicationModule;
