/** Classes posing as the admin command line, for the rule that it uses the core's operator use cases. */
package pideploy.deploy.server.cli.archfixture;
