/** Device identity: the Pi's serial number (the key) and its MAC address (the fallback key). */
package pideploy.deploy.core.device;
