/** Operator accounts and the audit log of operator actions (authentication itself lives in the HTTP adapter). */
package pideploy.deploy.core.operator;
