/** Load benchmarks of the server, run by hand (see docs/benchmarks/config-load.md), never as timed tests. */
package pideploy.deploy.server.bench;
