/** The servers of one fleet (several servers on one shared database, ADR-0098): their names and heartbeats. */
package pideploy.deploy.core.server;
