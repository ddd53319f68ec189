/**
 * Driven ports of transfer-form preparation: where the preparation state is kept
 * ({@link pideploy.deploy.core.transfer.port.TransferFormRepository}) and what compresses one segment into one
 * self-contained frame ({@link pideploy.deploy.core.transfer.port.SegmentCompressor}).
 */
package pideploy.deploy.core.transfer.port;
