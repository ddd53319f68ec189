/**
 * The install workflow: {@code preflight → config → stream & write → verify → customize → report → reboot}, its
 * settings and its outcomes. {@link pideploy.installer.core.workflow.InstallDevice} is the use case.
 */
package pideploy.installer.core.workflow;
