/** In-memory fakes of the deploy core's ports, as atomic as the real adapters; shipped in the test-jar. */
package pideploy.deploy.core.fake;
