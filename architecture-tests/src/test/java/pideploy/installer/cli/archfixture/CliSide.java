package pideploy.installer.cli.archfixture;

/** Stands for a class of the installer's composition root. */
public final class CliSide {}
