/** Contract test suites of the deploy core's ports; every adapter, the in-memory fakes included, must pass them. */
package pideploy.deploy.core.port;
