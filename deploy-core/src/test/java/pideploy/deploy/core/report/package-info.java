/** Tests of the report arithmetic. */
package pideploy.deploy.core.report;
