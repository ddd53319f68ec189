/**
 * Tests of transfer-form preparation, the contract every {@code TransferFormRepository} passes, its in-memory fake,
 * and a builder of Pi-like disk images (published in the test-jar for the adapters' tests).
 */
package pideploy.deploy.core.transfer;
