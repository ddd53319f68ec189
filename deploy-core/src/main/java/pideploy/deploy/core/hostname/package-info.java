/** Hostnames {@code PRODUCT-VENUE-IDENTIFIER}: RFC 1123 labels, shown upper-case. */
package pideploy.deploy.core.hostname;
