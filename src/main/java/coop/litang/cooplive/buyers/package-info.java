/**
 * Verified buyers: a code sent by SMS proves a buyer holds a phone number, and a signed,
 * short-lived buyer token names that number to the modules that sell to buyers.
 */
@ApplicationModule(allowedDependencies = { "shared" })
package coop.litang.cooplive.buyers;

import org.springframework.modulith.ApplicationModule;
