/**
 * Money, phone numbers, paging, problem details, clock and infrastructure shared by all
 * modules.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package coop.litang.cooplive.shared;

import org.springframework.modulith.ApplicationModule;
