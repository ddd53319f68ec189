package pideploy.deploy.http.helidon.archfixture;

/** Stands for a class of the Helidon adapter. */
public final class HelidonSide {}
