/**
 * The household card and the goods label: QR codes made by the service, the public pages
 * they open (what a household agreed to show; where goods come from), and the whole
 * household file (一户一档) for admins and accountants.
 */
@ApplicationModule(allowedDependencies = { "members", "inventory", "catalog", "dividends", "shared" })
package coop.litang.cooplive.cards;

import org.springframework.modulith.ApplicationModule;
