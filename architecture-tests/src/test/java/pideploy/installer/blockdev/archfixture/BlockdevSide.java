package pideploy.installer.blockdev.archfixture;

/** Stands for a class of the block-device adapter. */
public final class BlockdevSide {}
