/**
 * Browser tests of the operator web UI: the real server in-process on port 0 with a real SQLite data directory,
 * driven through Debian's headless Chromium and chromedriver with Selenium; devices are simulated by posting to the
 * deployment API the way the installer does.
 */
package pideploy.system.web;
