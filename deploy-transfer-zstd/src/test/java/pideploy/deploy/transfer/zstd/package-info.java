/** Tests of the zstd segment compressor, on its own and preparing real Pi-like images, and its level benchmark. */
package pideploy.deploy.transfer.zstd;
