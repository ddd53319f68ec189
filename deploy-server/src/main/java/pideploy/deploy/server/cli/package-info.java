/**
 * The {@code pideploy} subcommands: {@code serve}, {@code demo} and the admin commands, which open the data
 * directory's database directly (they work while the server runs). Output goes to picocli's writers so tests can
 * capture it; failures become one line on stderr and an exit code, mapped in one place.
 */
package pideploy.deploy.server.cli;
