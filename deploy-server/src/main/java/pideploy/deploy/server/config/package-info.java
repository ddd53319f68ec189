/**
 * The server's settings and where they come from: command-line flags, then {@code PIDEPLOY_*} environment variables,
 * then an optional YAML or properties file, then built-in defaults. The only code that reads Helidon {@code Config}.
 */
package pideploy.deploy.server.config;
