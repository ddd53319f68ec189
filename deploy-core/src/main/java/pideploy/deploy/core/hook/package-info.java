/**
 * Operator first-boot hooks (ADR-0094): shell scripts per product or venue, uploaded as numbered versions, the latest
 * of each delivered with the device profile and run once after PiDeploy's own first-boot steps.
 */
package pideploy.deploy.core.hook;
