/** The web dashboard's static files, served from the classpath folder {@code /web} on the operator listener. */
package pideploy.deploy.http.helidon.web;
