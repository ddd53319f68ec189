/**
 * The JSON shapes of the management API and the live events: flat records with snake_case names (the mapper's
 * naming strategy), built from core types by one static method each. Absent values are JSON null.
 */
package pideploy.deploy.http.helidon.view;
