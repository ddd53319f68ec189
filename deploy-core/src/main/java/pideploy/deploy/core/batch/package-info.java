/** Batches: "the next N devices go to venue V as product P", with priorities and a small state machine. */
package pideploy.deploy.core.batch;
