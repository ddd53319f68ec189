/**
 * Serving registered image files to devices: one streaming handler with byte ranges and conditional requests, in
 * constant memory, behind a lookup function so that only files the catalog knows can ever be read.
 */
package pideploy.deploy.http.helidon.image;
