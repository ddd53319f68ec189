/** Operational metrics of the server, in Prometheus text format through Micrometer's Prometheus registry. */
package pideploy.deploy.http.helidon.metrics;
