/**
 * The host's live console: static pages under {@code /console/}, a client of the public
 * JSON API like any other (docs/adr/0006-console.md). Its Java side only serves the files
 * with their headers; it depends on no business module.
 */
@ApplicationModule(allowedDependencies = {})
package coop.litang.cooplive.console;

import org.springframework.modulith.ApplicationModule;
